using System.Diagnostics;
using BundleForge.Artifacts;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Strategy;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Mining;
using BundleForge.Privacy;
using BundleForge.Splits;
using BundleForge.Training;

namespace BundleForge.Evaluation.Bundles;

/// <summary>Held-out-time backtest of bundle offers. The model is built from the baskets before the last
/// <c>testDays</c>; every user with a training history and a held-out basket gets <c>n</c> bundles, judged against
/// their first held-out basket. Hit rate = share of users whose basket holds at least two items of one offered
/// bundle; precision = share of offered bundles with at least two items in it; coverage = distinct items offered /
/// items sold in training. Baselines: <c>top_pairs</c> (the n most co-purchased pairs, same for everyone) and
/// <c>rules_only</c> (each of the user's n most recent distinct items with its highest-confidence co-purchase
/// partner, from frequently-bought-together).</summary>
public static class BundleBacktest
{
    /// <summary>Runs the backtest (exploration off, so figures are reproducible), training
    /// <see cref="BundleBacktestOptions.Signals"/> on the training period first. <paramref name="cancellation"/> is
    /// observed by the signal models' training and before each user's offers.</summary>
    public static BundleBacktestResult Run(Dataset data, BundleBacktestOptions options, IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellation = default)
    {
        int testDays = options.TestDays, count = options.Count;
        if (count is < 1 or > MarketStrategy.MaxBundlesPerRequest)
            throw new DataException($"the number of bundles must be from 1 to {MarketStrategy.MaxBundlesPerRequest}, not {count}", field: "n");
        // Validation mode tests on the period just before the held-out one, which it never looks at (for tuning).
        var split = TimeSplit.Create(data.Baskets, testDays, options.Validation ? testDays : 0);
        var heldOut = options.Validation ? split.Valid : split.Test;
        if (split.Train.Count == 0)
            throw new DataException($"no baskets before the last {testDays} days to train on", field: "--test-days");
        if (heldOut.Count == 0)
            throw new DataException($"no baskets in the last {testDays} days to test on", field: "--test-days");
        // The backtest never keeps a model, so a throwaway key keeps raw ids out of everything it builds.
        var pseudonymizer = new Pseudonymizer(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var model = BundleModel.Build(data, split.Train, pseudonymizer, options.Strategy, cancellation: cancellation);
        // Other models' signals are trained on the training period only, like the bundles model.
        var (signals, seconds) = TrainSignals(data, split.ValidStart, options, pseudonymizer, progress, cancellation);
        var engine = new BundleEngineFactory(data.Items, model)
        {
            Repurchase = options.Repurchase,
            RepurchaseWeight = options.RepurchaseWeight,
            Composer = options.Composer,
        }
            .With(signals)
            .Create(options.Strategy with { Exploration = false }, seed: 1);

        // First held-out basket per user.
        var next = new Dictionary<int, int>();
        var test = heldOut;
        for (int b = 0; b < test.Count; b++)
        {
            int u = test.User[b];
            if (u < 0 || model.HistoryOffsets[u + 1] == model.HistoryOffsets[u])
                continue;
            if (!next.TryGetValue(u, out int old) || test.Time[b] < test.Time[old])
                next[u] = b;
        }
        var users = next.Keys.Order().ToArray();
        int sold = 0;
        foreach (int c in model.Pairs.ItemCounts)
            if (c > 0)
                sold++;

        var topPairs = TopPairs(split.Train, data.Items.Count, count);
        var table = CooccurrenceTable.Build(split.Train, data.Items.Count);
        var fbt = new FrequentlyBoughtTogether(table);

        var engineBundles = new int[users.Length][][];
        var newAt = new int[users.Length][];
        var rulesBundles = new int[users.Length][][];
        int done = 0;
        // The options' token is checked before each user (a few milliseconds of composing and pricing each).
        Parallel.For(0, users.Length, new ParallelOptions { CancellationToken = cancellation }, k =>
        {
            var ctx = model.ContextOf(users[k]);
            var offers = engine.Recommend(ctx, count);
            engineBundles[k] = offers.Select(o => o.Bundle.Items).ToArray();
            newAt[k] = offers.Select(o => NewItemOf(o.Bundle)).ToArray();
            rulesBundles[k] = RulesBundles(fbt, ctx.History, count);
            int d = Interlocked.Increment(ref done);
            if (d % 200 == 0)
                progress?.Report(new ProgressUpdate("backtest", (double)d / users.Length, $"{d:N0}/{users.Length:N0} users"));
        });
        var basketOf = users.Select(u => test[next[u]].ToArray()).ToArray();
        int newBundles = 0, newUsers = 0, newHits = 0, newBought = 0;
        for (int k = 0; k < users.Length; k++)
        {
            bool any = false;
            for (int b = 0; b < newAt[k].Length; b++)
            {
                if (newAt[k][b] < 0)
                    continue;
                newBundles++;
                any = true;
                int inBasket = 0;
                foreach (int i in engineBundles[k][b])
                    if (Array.BinarySearch(basketOf[k], i) >= 0)
                        inBasket++;
                if (inBasket >= 2)
                    newHits++;
                if (Array.BinarySearch(basketOf[k], newAt[k][b]) >= 0)
                    newBought++;
            }
            if (any)
                newUsers++;
        }
        return new BundleBacktestResult(
            Score(engineBundles, basketOf, sold),
            Score(users.Select(_ => topPairs).ToArray(), basketOf, sold),
            Score(rulesBundles, basketOf, sold),
            users.Length, split.Train.Count, test.Count, options.Validation ? split.ValidStart : split.TestStart)
        {
            SignalSeconds = seconds,
            NewProducts = new NewProductBundles(newBundles, newUsers, newHits, newBought),
        };
    }

    /// <summary>The new product of a bundle (one at most), or -1.</summary>
    private static int NewItemOf(ComposedBundle bundle)
    {
        for (int k = 0; k < bundle.Items.Length; k++)
            if (bundle.IsNewAt(k))
                return bundle.Items[k];
        return -1;
    }

    /// <summary>Trains the signal models on the data before <paramref name="end"/> through the library's training
    /// pipeline, as <c>train</c> would, into a temporary model folder, and reads their signals back with their loaders
    /// (as serving does); the folder is deleted afterwards. Returns the signals in order and each model's seconds.</summary>
    private static (List<BundleSignals> Signals, List<(string, double)> Seconds) TrainSignals(
        Dataset data, long end, BundleBacktestOptions options, Pseudonymizer pseudonymizer, IProgress<ProgressUpdate>? progress,
        CancellationToken cancellation)
    {
        var signals = new List<BundleSignals>();
        var seconds = new List<(string, double)>();
        if (options.Signals.Count == 0)
            return (signals, seconds);
        var loaders = new Dictionary<string, IBundleSignalLoader>(StringComparer.Ordinal) { [Item2VecModel.Component] = new Item2VecBundleSignals() };
        foreach (var loader in options.SignalLoaders)
            loaders[loader.Component] = loader;
        var timed = new List<TimedModel>(options.Signals.Count);
        foreach (var model in options.Signals)
        {
            if (!loaders.ContainsKey(model.Component))
                throw new DataException($"no bundle signal loader for the '{model.Component}' model", field: "signals");
            timed.Add(new TimedModel(model));
        }
        var folder = Path.Combine(Path.GetTempPath(), "bundleforge-backtest-" + Guid.NewGuid().ToString("N"));
        try
        {
            var plan = new TrainingPlan
            {
                OutputFolder = folder,
                Models = timed,
                Seed = options.SignalSeed,
                Threads = options.SignalThreads,
                Pseudonymizer = pseudonymizer,
            };
            TrainingPipeline.Run(TrainingPeriod.Before(data, end), plan, progress, cancellation);
            var reader = ModelReader.Open(folder);
            foreach (var model in timed)
            {
                signals.Add(loaders[model.Component].Load(reader, data.Items));
                seconds.Add((model.Component, model.Seconds));
            }
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        return (signals, seconds);
    }

    /// <summary>A model of the plan whose training is timed (the backtest reports each signal model's seconds).</summary>
    private sealed class TimedModel(IModelOptions inner) : IModelOptions, IModelTrainer
    {
        public double Seconds { get; private set; }
        public string Component => inner.Component;
        public bool ReadsOtherComponents => inner.ReadsOtherComponents;
        public void Validate() => inner.Validate();
        public IModelTrainer CreateTrainer() => this;

        public ModelReport Train(TrainingContext context, CancellationToken cancellation)
        {
            var clock = Stopwatch.StartNew();
            var report = inner.CreateTrainer().Train(context, cancellation);
            Seconds = clock.Elapsed.TotalSeconds;
            return report;
        }
    }

    /// <summary>The <paramref name="n"/> pairs bought together in the most baskets.</summary>
    public static int[][] TopPairs(BasketSet baskets, int itemCount, int n)
    {
        var table = CooccurrenceTable.Build(baskets, itemCount);
        var best = new List<(int A, int B, int Count)>();
        for (int a = 0; a < itemCount; a++)
        {
            var nb = table.NeighborsOf(a);
            var pc = table.PairCountsOf(a);
            for (int k = 0; k < nb.Length; k++)
                if (nb[k] > a)
                    best.Add((a, nb[k], pc[k]));
        }
        return best.OrderByDescending(p => p.Count).ThenBy(p => p.A).ThenBy(p => p.B).Take(n).Select(p => new[] { p.A, p.B }).ToArray();
    }

    private static int[][] RulesBundles(FrequentlyBoughtTogether fbt, int[] history, int n)
    {
        var result = new List<int[]>();
        var seen = new HashSet<int>();
        for (int k = history.Length - 1; k >= 0 && result.Count < n; k--)
        {
            int a = history[k];
            if (!seen.Add(a))
                continue;
            var recs = fbt.Recommend([a], 1, FbtMode.Strict);
            if (recs.Count > 0)
                result.Add([Math.Min(a, recs[0].Item), Math.Max(a, recs[0].Item)]);
        }
        return result.ToArray();
    }

    private static BundleMetrics Score(int[][][] offered, int[][] baskets, int soldItems)
    {
        int hitUsers = 0, hitBundles = 0, bundles = 0;
        var items = new HashSet<int>();
        for (int k = 0; k < offered.Length; k++)
        {
            bool hit = false;
            foreach (var b in offered[k])
            {
                bundles++;
                int inBasket = 0;
                foreach (int i in b)
                { items.Add(i); if (Array.BinarySearch(baskets[k], i) >= 0) inBasket++; }
                if (inBasket >= 2)
                { hitBundles++; hit = true; }
            }
            if (hit)
                hitUsers++;
        }
        return new BundleMetrics(
            offered.Length > 0 ? (double)hitUsers / offered.Length : 0,
            bundles > 0 ? (double)hitBundles / bundles : 0,
            soldItems > 0 ? (double)items.Count / soldItems : 0,
            bundles);
    }
}
