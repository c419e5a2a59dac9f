using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using BundleForge.Data;
using BundleForge.Training;

namespace BundleForge.BundleRanking;

/// <summary>Trains the <c>bundle-ranker</c> component from a dataset's predefined bundles (crosscbr): carves a
/// validation split from the train user–bundle pairs (seeded), solves the <see cref="BundleSignals"/> on the rest for
/// each candidate λ and q, chooses the signals' weights by coordinate ascent on the carved pairs
/// (<see cref="BlendSearch"/>), then solves once more on every train pair and blends with the chosen settings
/// (<see cref="BundleBlend"/>). It learns from the train pairs, and from the tune pairs too when asked or when the
/// data has a test split (<see cref="BundleRankerOptions.LearnFrom"/>); test pairs are never read.</summary>
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

        var learnFrom = options.LearnFrom ?? bundles.DefaultLearningPairs;
        var train = TrainLists(bundles, users, learnFrom);
        var (fit, validation, validationPairs) = Carve(train, options.ValidationShare, context.Seed);
        var userItems = DistinctItems(data.Sequences, data.Items.Count);
        Func<int, string> keyOf = u => context.Pseudonymizer.Key(data.Users.Ids[u]);

        // The learned vectors are learned once on the fit lists (epochs chosen on the carved pairs) and blended as one
        // more signal; with nobody to validate on there is nothing to choose their epochs or weight with.
        var learner = validationPairs > 0 ? options.Learner : null;
        LearnedBundleVectors? fitVectors = null;
        float fitSpread = 1;
        var learnClock = new Stopwatch();
        if (learner is not null)
        {
            progress.Report(new ProgressUpdate("bundle-ranker", 0, $"{learner.Name} on the fit pairs, stopping on the carved ones"));
            learnClock.Start();
            fitVectors = learner.Learn(new BundleGraph(fit, userItems, bundles.Offsets, bundles.Items, data.Items.Count), validation, 0, context.Seed, threads,
                progress, cancellation);
            learnClock.Stop();
            fitSpread = BundleBlend.LearnedSpread(fitVectors, fit, userItems, threads);
        }
        (double Recall, double Ndcg) learnedAlone = default;

        double inverseSeconds = 0;
        var best = (Recall: double.NegativeInfinity, Ndcg: double.NegativeInfinity, Settings: Start(options.Lambdas[0], options.DiagonalWeights[0]));
        int candidates = 0;
        int validationUsers = 0;
        int solves = options.Lambdas.Count * options.DiagonalWeights.Count;
        int solve = 0;
        BlendSearch? bestSearch = null;
        foreach (float lambda in validationPairs > 0 ? options.Lambdas : [])
            foreach (float q in options.DiagonalWeights)
            {
                cancellation.ThrowIfCancellationRequested();
                progress.Report(new ProgressUpdate("bundle-ranker", (double)solve++ / (solves + 1), $"validation solve λ={lambda} q={q}"));
                var signals = BundleSignals.Solve(fit, userItems, bundles.Offsets, bundles.Items, data.Items.Count, lambda, q, threads, ref inverseSeconds, cancellation);
                var spreads = BundleBlend.Spreads(signals, fit, userItems, threads);
                var search = new BlendSearch(signals, spreads, fit, validation, userItems, options.ValidationK, threads, fitVectors, fitSpread, options.Objective);
                validationUsers = search.Users;
                if (fitVectors is not null)
                    learnedAlone = search.JudgeAlone(BundleSignals.Learned);
                var (settings, recall, ndcg, judged) = search.Run(Start(lambda, q), options.BlendWeights, options.BlendPasses, options.LearnedWeights);
                candidates += judged;
                if (BlendSearch.Better(options.Objective, recall, ndcg, best.Recall, best.Ndcg))
                {
                    best = (recall, ndcg, settings);
                    // Kept only to measure segments: it holds every validation customer's signals (≈ 0.4 GB on Youshu).
                    bestSearch = options.SegmentBounds.Count > 0 ? search : null;
                }
            }
        SegmentWeightSearch.Result? segmented = null;
        if (bestSearch is not null && options.SegmentBounds.Count > 0)
        {
            progress.Report(new ProgressUpdate("bundle-ranker", (double)solves / (solves + 1), "weights per customer segment"));
            segmented = SegmentWeightSearch.Choose(bestSearch, best.Settings, Start(best.Settings.Lambda, best.Settings.DiagonalWeight), [.. options.SegmentBounds],
                options, context.Seed);
            candidates += segmented.Judged;
        }
        bestSearch = null;
        // With nobody to validate on (every user took one bundle), the middle λ and q and the middle weight for every
        // signal: EASE alone would leave such a shop with nothing but co-taking, which it does not have.
        var chosen = validationPairs > 0 ? best.Settings : Middle(options);
        progress.Report(new ProgressUpdate("bundle-ranker", (double)solves / (solves + 1), $"final solve λ={chosen.Lambda} q={chosen.DiagonalWeight}"));
        var finalSignals = BundleSignals.Solve(train, userItems, bundles.Offsets, bundles.Items, data.Items.Count, chosen.Lambda, chosen.DiagonalWeight, threads,
            ref inverseSeconds, cancellation);
        var finalSpreads = BundleBlend.Spreads(finalSignals, train, userItems, threads);
        var final = BundleBlend.Model(finalSignals, finalSpreads, chosen, [.. bundles.Ids], bundles.Offsets, bundles.Items, options.LinksPerBundle,
            options.ColdNeighbours, threads).WithCustomers(CustomerBundles.From(train, keyOf));
        if (learner is not null && fitVectors is not null)
        {
            // Learned again on every train pair even when its weight is 0, so evaluation can report it alone.
            progress.Report(new ProgressUpdate("bundle-ranker", (double)solves / (solves + 1), $"{learner.Name} on every train pair, {fitVectors.Epochs} epochs"));
            learnClock.Start();
            var finalVectors = learner.Learn(new BundleGraph(train, userItems, bundles.Offsets, bundles.Items, data.Items.Count), null, fitVectors.Epochs,
                context.Seed, threads, progress, cancellation);
            learnClock.Stop();
            float spread = BundleBlend.LearnedSpread(finalVectors, train, userItems, threads);
            final = final.WithVectors(CustomerVectors.From(learner.Name, finalVectors, train, userItems, keyOf, chosen.Learned, spread));
        }
        int trainPairs = 0;
        foreach (var row in train)
            trainPairs += row.Length;
        int coldBundles = 0;
        foreach (int t in final.Takers)
            if (t == 0)
                coldBundles++;
        var report = new BundleRankerReport
        {
            Bundles = n,
            TrainPairs = trainPairs,
            LearnedFrom = learnFrom,
            ItemViewUsers = CountNonEmpty(userItems),
            ValidationUsers = validationUsers,
            ValidationPairs = validationPairs,
            Settings = chosen,
            ValidationK = options.ValidationK,
            ValidationRecall = validationPairs > 0 ? best.Recall : 0,
            ValidationNdcg = validationPairs > 0 ? best.Ndcg : 0,
            Candidates = candidates,
            ColdBundles = coldBundles,
            InverseSeconds = inverseSeconds,
            Learner = learner?.Name,
            LearnedEpochs = fitVectors?.Epochs ?? 0,
            LearnedValidationRecall = learnedAlone.Recall,
            LearnedValidationNdcg = learnedAlone.Ndcg,
            LearnedSeconds = learnClock.Elapsed.TotalSeconds,
            Seconds = clock.Elapsed.TotalSeconds,
        };
        var spreadsJson = new JsonObject();
        for (int s = 0; s < BundleSignals.Count; s++)
            spreadsJson[BundleSignals.Names[s]] = Math.Round(finalSpreads[s], 6);
        var manifest = new JsonObject
        {
            ["train_pairs"] = trainPairs,
            ["learned_from"] = BundleCatalog.Name(learnFrom),
            ["validation_pairs"] = validationPairs,
            ["objective"] = options.Objective == BundleRankerObjective.Ndcg ? $"ndcg@{options.ValidationK}" : $"recall@{options.ValidationK}+ndcg@{options.ValidationK}",
            [$"validation_recall@{options.ValidationK}"] = Math.Round(report.ValidationRecall, 6),
            [$"validation_ndcg@{options.ValidationK}"] = Math.Round(report.ValidationNdcg, 6),
            ["candidates"] = candidates,
            ["cold_bundles"] = coldBundles,
            ["spreads"] = spreadsJson,
            ["inverse_seconds"] = Math.Round(inverseSeconds, 3),
            ["learner"] = report.Learner,
            ["learned_epochs"] = report.LearnedEpochs,
            [$"learned_validation_recall@{options.ValidationK}"] = Math.Round(report.LearnedValidationRecall, 6),
            [$"learned_validation_ndcg@{options.ValidationK}"] = Math.Round(report.LearnedValidationNdcg, 6),
            ["learned_seconds"] = Math.Round(report.LearnedSeconds, 3),
            ["seconds"] = Math.Round(report.Seconds, 3),
        };
        if (segmented is not null)
        {
            var segmentsJson = new JsonArray();
            for (int g = 0; g < segmented.Settings.Length; g++)
            {
                var w = new JsonObject { ["customers"] = segmented.Customers[g] };
                for (int s = 1; s < BundleSignals.Count + (learner is null ? 0 : 1); s++)
                    w[(s == BundleSignals.Learned ? "learned" : BundleSignals.Names[s]) + "_weight"] = segmented.Settings[g].Weight(s);
                segmentsJson.Add(w);
            }
            manifest["segments"] = new JsonObject
            {
                ["bounds"] = new JsonArray([.. options.SegmentBounds.Select(b => (JsonNode)b)]),
                ["chosen"] = segmentsJson,
                [$"validation_ndcg@{options.ValidationK}"] = Math.Round(segmented.Ndcg, 6),
                [$"validation_recall@{options.ValidationK}"] = Math.Round(segmented.Recall, 6),
                [$"crossfit_global_ndcg@{options.ValidationK}"] = Math.Round(segmented.CrossGlobalNdcg, 6),
                [$"crossfit_segments_ndcg@{options.ValidationK}"] = Math.Round(segmented.CrossSegmentNdcg, 6),
                [$"crossfit_global_recall@{options.ValidationK}"] = Math.Round(segmented.CrossGlobalRecall, 6),
                [$"crossfit_segments_recall@{options.ValidationK}"] = Math.Round(segmented.CrossSegmentRecall, 6),
                ["wins"] = segmented.Wins,
            };
        }
        var training = new JsonObject
        {
            ["seed"] = context.Seed,
            ["links_per_bundle"] = options.LinksPerBundle,
            ["cold_neighbours"] = options.ColdNeighbours,
            ["learned_from"] = BundleCatalog.Name(learnFrom),
        };
        if (learner?.Settings is { } learnerSettings)
            training["learner_settings"] = learnerSettings;
        final.Save(context.Writer, manifest, training);
        return report;
    }

    /// <summary>The served model for other train lists with fixed settings (the cold-bundle protocol re-solves with
    /// the trained model's settings, never choosing again). A model with learned vectors has them learned again on the
    /// lists by <paramref name="options"/>' learner with as many epochs (keyed by <paramref name="keyOf"/>); without a
    /// learner the refitted model has no learned part.</summary>
    public static BundleRankerModel Refit(BundleRankerModel model, int[][] lists, int[][] userItems, BundleRankerOptions options, int threads,
        Func<int, string>? keyOf = null, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        double seconds = 0;
        var signals = BundleSignals.Solve(lists, userItems, model.BundleOffsets, model.BundleItems, model.ItemCount, model.Settings.Lambda,
            model.Settings.DiagonalWeight, threads, ref seconds);
        var spreads = BundleBlend.Spreads(signals, lists, userItems, threads);
        var refitted = BundleBlend.Model(signals, spreads, model.Settings, model.BundleIds, model.BundleOffsets, model.BundleItems, options.LinksPerBundle,
            options.ColdNeighbours, threads);
        if (model.Vectors is { } vectors && options.Learner is { } learner && keyOf is not null)
        {
            var learned = learner.Learn(new BundleGraph(lists, userItems, model.BundleOffsets, model.BundleItems, model.ItemCount), null, Math.Max(1, vectors.Epochs),
                seed, threads, null, CancellationToken.None);
            float spread = BundleBlend.LearnedSpread(learned, lists, userItems, threads);
            refitted = refitted.WithVectors(CustomerVectors.From(learner.Name, learned, lists, userItems, keyOf, vectors.Weight, spread));
        }
        return refitted;
    }

    /// <summary>W of EASE on G + λI + q·diag(G): W = I − P·diag(1/diag P) with P the inverse, the diagonal forced to 0.</summary>
    public static float[] Solve(float[] interactions, float lambda, float diagonalWeight, int n, int threads, ref double seconds)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var clock = Stopwatch.StartNew();
        var g = (float[])interactions.Clone();
        for (int i = 0; i < n; i++)
            g[(long)i * n + i] += lambda + diagonalWeight * interactions[(long)i * n + i];
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

    private static BundleRankerSettings Start(float lambda, float q) => new(lambda, q, 0, 0, 0, 0, 0, 0);

    private static BundleRankerSettings Middle(BundleRankerOptions options)
    {
        float w = Middle(options.BlendWeights);
        return new(Middle(options.Lambdas), Middle(options.DiagonalWeights), w, w, w, w, w, w);
    }

    /// <summary>Each user's distinct items, ascending.</summary>
    public static int[][] DistinctItems(UserSequences sequences, int itemCount)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var lists = new int[sequences.Count][];
        var seen = new bool[itemCount];
        var row = new List<int>();
        for (int u = 0; u < lists.Length; u++)
        {
            row.Clear();
            foreach (int i in sequences[u])
                if ((uint)i < (uint)itemCount && !seen[i])
                {
                    seen[i] = true;
                    row.Add(i);
                }
            foreach (int i in row)
                seen[i] = false;
            row.Sort();
            lists[u] = [.. row];
        }
        return lists;
    }

    /// <summary>Each user's distinct bundles of the <paramref name="which"/> splits (train by default), ascending.</summary>
    public static int[][] TrainLists(BundleCatalog bundles, int users, BundlePairs which = BundlePairs.Train)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        var sets = new SortedSet<int>?[users];
        foreach (var (u, b) in bundles.Pairs(which))
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
