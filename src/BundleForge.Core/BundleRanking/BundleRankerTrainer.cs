using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using BundleForge.Data;
using BundleForge.Evaluation.Metrics;
using BundleForge.Training;

namespace BundleForge.BundleRanking;

/// <summary>Trains the <c>bundle-ranker</c> component from a dataset's predefined bundles (crosscbr): carves a
/// validation split from the train user–bundle pairs (seeded), solves EASE for each candidate λ and item-view weight
/// on the rest, picks the settings with the best validation NDCG@k (scoring-time weights included), then solves once
/// more on every train pair with them. Tune and test pairs are never read.</summary>
public sealed class BundleRankerTrainer(BundleRankerOptions options) : IModelTrainer
{
    /// <inheritdoc />
    public ModelReport Train(TrainingContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        var data = context.Data;
        var bundles = data.Bundles ?? throw new DataException(
            "The bundle ranker needs predefined bundles (a crosscbr folder: bundle_item.txt and user_bundle_*.txt); this data has none.", field: "--models");
        int n = bundles.Count;
        int users = data.Users.Count;
        int threads = context.Threads;
        var progress = context.Progress;

        var train = TrainLists(bundles, users);
        var (fit, validation, validationPairs) = Carve(train, options.ValidationShare, context.Seed);
        var userItems = DistinctItems(data.Sequences, data.Items.Count);
        float[]? itemView = null;
        if (options.ItemViewWeights.Any(a => a > 0))
        {
            progress.Report(new ProgressUpdate("bundle-ranker", 0, $"item-view Gram of {n} bundles"));
            itemView = BundleGram.OfItemOverlap(userItems, data.Items.Count, bundles.Offsets, bundles.Items, 0, threads, cancellation);
        }
        var fitGram = BundleGram.OfInteractions(fit, n);

        double inverseSeconds = 0;
        var best = (Ndcg: -1.0, Recall: -1.0, Settings: default(BundleRankerSettings));
        int candidates = 0;
        int solves = options.Lambdas.Count * options.DiagonalWeights.Count * options.ItemViewWeights.Count;
        int solve = 0;
        foreach (float lambda in validationPairs > 0 ? options.Lambdas : [])
            foreach (float q in options.DiagonalWeights)
                foreach (float a in options.ItemViewWeights)
                {
                    cancellation.ThrowIfCancellationRequested();
                    progress.Report(new ProgressUpdate("bundle-ranker", (double)solve++ / (solves + 1), $"validation solve λ={lambda} q={q} item view {a}"));
                    var solved = new BundleRankerSettings(lambda, q, a, 0, 0);
                    var w = Solve(fitGram, itemView, solved, n, threads, ref inverseSeconds);
                    var model = new BundleRankerModel([.. bundles.Ids], bundles.Offsets, bundles.Items, data.Items.Count, w, Popularity(fit, n), solved);
                    foreach (var (settings, recall, ndcg) in Judge(model, fit, validation, userItems, options, threads))
                    {
                        candidates++;
                        if (ndcg > best.Ndcg || (ndcg == best.Ndcg && recall > best.Recall))
                            best = (ndcg, recall, settings);
                    }
                }
        // With nobody to validate on (every user took one bundle), the middle candidate of each list.
        var chosen = validationPairs > 0 ? best.Settings : new BundleRankerSettings(Middle(options.Lambdas), Middle(options.DiagonalWeights),
            Middle(options.ItemViewWeights), Middle(options.ItemAffinityWeights), Middle(options.PopularityWeights));
        if (validationPairs == 0)
            best = (0, 0, chosen);
        progress.Report(new ProgressUpdate("bundle-ranker", (double)solves / (solves + 1), $"final solve λ={chosen.Lambda} q={chosen.DiagonalWeight} item view {chosen.ItemViewWeight}"));
        fitGram = BundleGram.OfInteractions(train, n);
        var weights = Solve(fitGram, itemView, chosen, n, threads, ref inverseSeconds);
        var final = new BundleRankerModel([.. bundles.Ids], bundles.Offsets, bundles.Items, data.Items.Count, weights, Popularity(train, n), chosen);
        int trainPairs = 0;
        foreach (var row in train)
            trainPairs += row.Length;
        var report = new BundleRankerReport
        {
            Bundles = n,
            TrainPairs = trainPairs,
            ItemViewUsers = userItems.Count,
            ValidationUsers = CountNonEmpty(validation),
            ValidationPairs = validationPairs,
            Settings = chosen,
            ValidationK = options.ValidationK,
            ValidationRecall = best.Recall,
            ValidationNdcg = best.Ndcg,
            Candidates = candidates,
            InverseSeconds = inverseSeconds,
            Seconds = clock.Elapsed.TotalSeconds,
        };
        final.Save(context.Writer, new JsonObject
        {
            ["train_pairs"] = trainPairs,
            ["validation_pairs"] = validationPairs,
            [$"validation_recall@{options.ValidationK}"] = Math.Round(best.Recall, 6),
            [$"validation_ndcg@{options.ValidationK}"] = Math.Round(best.Ndcg, 6),
            ["candidates"] = candidates,
            ["inverse_seconds"] = Math.Round(inverseSeconds, 3),
            ["seconds"] = Math.Round(report.Seconds, 3),
        });
        return report;
    }

    /// <summary>W of EASE on G (+ a²·item-view Gram) + λI + q·diag(G): W = I − P·diag(1/diag P) with P the inverse,
    /// the diagonal forced to 0.</summary>
    public static float[] Solve(float[] interactions, float[]? itemView, BundleRankerSettings settings, int n, int threads, ref double seconds)
    {
        var clock = Stopwatch.StartNew();
        var g = (float[])interactions.Clone();
        if (itemView is not null && settings.ItemViewWeight > 0)
            TensorPrimitives.MultiplyAdd(itemView, settings.ItemViewWeight * settings.ItemViewWeight, interactions, g);
        for (int i = 0; i < n; i++)
            g[(long)i * n + i] += settings.Lambda + settings.DiagonalWeight * interactions[(long)i * n + i];
        var p = PositiveDefiniteInverse.Invert(g, n, threads);
        var inverseDiagonal = new float[n];
        for (int j = 0; j < n; j++)
            inverseDiagonal[j] = -1f / p[(long)j * n + j];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var row = p.AsSpan(i * n, n);
            TensorPrimitives.Multiply(row, inverseDiagonal, row);
            row[i] = 0;
        });
        seconds += clock.Elapsed.TotalSeconds;
        return p;
    }

    /// <summary>Validation figures of every scoring-time setting (item-affinity weight × popularity weight) of one
    /// solved W.</summary>
    private static List<(BundleRankerSettings Settings, double Recall, double Ndcg)> Judge(BundleRankerModel model,
        int[][] fit, int[][] validation, BasketSet userItems, BundleRankerOptions options, int threads)
    {
        int n = model.BundleCount;
        var settings = new List<BundleRankerSettings>();
        foreach (float a in options.ItemAffinityWeights)
            foreach (float p in options.PopularityWeights)
                settings.Add(model.Settings with { ItemAffinityWeight = a, PopularityWeight = p });
        int[] cutoffs = [options.ValidationK];
        var sums = new RelevantSetAccumulator[settings.Count];
        for (int s = 0; s < sums.Length; s++)
            sums[s] = new RelevantSetAccumulator(cutoffs);
        var gate = new object();
        Parallel.For(0, fit.Length, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => new Workspace(n, options.ValidationK, settings.Count, cutoffs),
            (u, _, ws) =>
            {
                var truth = validation[u];
                if (truth.Length == 0)
                    return ws;
                // x·W and the affinity once; each setting is then a cheap blend of the two.
                model.FromBundles(fit[u], ws.FromBundles);
                bool any = model.Affinity(userItems[u], ws.Affinity);
                for (int s = 0; s < settings.Count; s++)
                {
                    ws.FromBundles.AsSpan().CopyTo(ws.Scores);
                    model.Blend(ws.Scores, any ? ws.Affinity : default, settings[s].ItemAffinityWeight, settings[s].PopularityWeight);
                    foreach (int b in fit[u])
                        ws.Scores[b] = float.NegativeInfinity;
                    ws.Sums[s].Add(ws.TopK(), b => Array.BinarySearch(truth, b) >= 0, truth.Length);
                }
                return ws;
            },
            ws =>
            {
                lock (gate)
                    for (int s = 0; s < sums.Length; s++)
                        sums[s].Merge(ws.Sums[s]);
            });
        var results = new List<(BundleRankerSettings, double, double)>(settings.Count);
        for (int s = 0; s < settings.Count; s++)
        {
            var m = sums[s].ToMetrics();
            results.Add((settings[s], m.RecallAt(options.ValidationK), m.NdcgAt(options.ValidationK)));
        }
        return results;
    }

    /// <summary>Per-thread buffers of <see cref="Judge"/>.</summary>
    private sealed class Workspace(int bundles, int k, int settings, int[] cutoffs)
    {
        public float[] FromBundles { get; } = new float[bundles];
        public float[] Affinity { get; } = new float[bundles];
        public float[] Scores { get; } = new float[bundles];
        public RelevantSetAccumulator[] Sums { get; } = [.. Enumerable.Range(0, settings).Select(_ => new RelevantSetAccumulator(cutoffs))];
        private readonly Embeddings.TopKHeap _heap = new(k);
        private readonly Embeddings.Neighbor[] _ranked = new Embeddings.Neighbor[k];
        private readonly int[] _ids = new int[k];

        /// <summary>The best k bundles of <see cref="Scores"/> (excluded ones are −∞), best first; ties to the smaller id.</summary>
        public ReadOnlySpan<int> TopK()
        {
            _heap.Clear();
            for (int b = 0; b < Scores.Length; b++)
                if (!float.IsNegativeInfinity(Scores[b]))
                    _heap.Add(b, Scores[b]);
            int found = _heap.CopySortedTo(_ranked);
            for (int r = 0; r < found; r++)
                _ids[r] = _ranked[r].Id;
            return _ids.AsSpan(0, found);
        }
    }

    /// <summary>Each user's distinct train bundles, ascending.</summary>
    private static int[][] TrainLists(BundleCatalog bundles, int users)
    {
        var sets = new SortedSet<int>?[users];
        foreach (var (u, b) in bundles.Train)
            if ((uint)u < (uint)users && (uint)b < (uint)bundles.Count)
                (sets[u] ??= []).Add(b);
        var lists = new int[users][];
        for (int u = 0; u < users; u++)
            lists[u] = sets[u] is { } s ? [.. s] : [];
        return lists;
    }

    /// <summary>Holds out <paramref name="share"/> of the train bundles of every user with at least two (at least one
    /// each, never all), chosen by a generator seeded with <paramref name="seed"/>.</summary>
    private static (int[][] Fit, int[][] Validation, int Pairs) Carve(int[][] train, double share, int seed)
    {
        var random = new SeededRandom(seed, stream: 0x42524B);
        var fit = new int[train.Length][];
        var validation = new int[train.Length][];
        int pairs = 0;
        for (int u = 0; u < train.Length; u++)
        {
            var row = train[u];
            if (row.Length < 2)
            {
                fit[u] = row;
                validation[u] = [];
                continue;
            }
            var shuffled = (int[])row.Clone();
            random.Shuffle<int>(shuffled);
            int held = Math.Clamp((int)Math.Round(share * row.Length), 1, row.Length - 1);
            validation[u] = [.. shuffled.AsSpan(0, held)];
            fit[u] = [.. shuffled.AsSpan(held)];
            Array.Sort(validation[u]);
            Array.Sort(fit[u]);
            pairs += held;
        }
        return (fit, validation, pairs);
    }

    /// <summary>Each user's distinct items as one "basket" per user (the item co-occurrence of the item view counts
    /// users, not orders).</summary>
    private static BasketSet DistinctItems(UserSequences sequences, int itemCount)
    {
        int users = sequences.Count;
        var offsets = new int[users + 1];
        var items = new List<int>(sequences.Items.Length);
        var seen = new bool[itemCount];
        var user = new int[users];
        for (int u = 0; u < users; u++)
        {
            int start = items.Count;
            foreach (int i in sequences[u])
                if ((uint)i < (uint)itemCount && !seen[i])
                {
                    seen[i] = true;
                    items.Add(i);
                }
            for (int k = start; k < items.Count; k++)
                seen[items[k]] = false;
            items.Sort(start, items.Count - start, null);
            offsets[u + 1] = items.Count;
            user[u] = u;
        }
        return new BasketSet(offsets, [.. items], user, new long[users]);
    }

    /// <summary>Takers of each bundle among <paramref name="lists"/>, scaled to [0, 1].</summary>
    private static float[] Popularity(int[][] lists, int n)
    {
        var count = new float[n];
        foreach (var row in lists)
            foreach (int b in row)
                count[b]++;
        float max = n == 0 ? 0 : TensorPrimitives.Max<float>(count);
        if (max > 0)
            TensorPrimitives.Divide(count, max, count);
        return count;
    }

    private static float Middle(IReadOnlyList<float> values) => values[values.Count / 2];

    private static int CountNonEmpty(int[][] lists)
    {
        int c = 0;
        foreach (var row in lists)
            if (row.Length > 0)
                c++;
        return c;
    }
}
