using BundleForge.BundleRanking;
using BundleForge.Data;
using BundleForge.Evaluation.Metrics;
using BundleForge.Privacy;

namespace BundleForge.Evaluation.Bundles;

/// <summary>The cold-bundle protocol: a seeded share of the bundles that have held-out pairs in the judged split is
/// treated as new — every train pair on them is removed and the ranker is solved again on the rest with the trained
/// model's settings (no new choice of settings), so those bundles have no takers, no links of their own and no
/// popularity. Each judged user's held-out pairs on them are ranked among all bundles (minus the user's known ones),
/// next to two baselines on the same pairs: <c>random</c> (a seeded uniform ranking; expected Recall@k ≈ k ÷ bundles)
/// and <c>item_popularity</c> (a bundle scored by the mean number of users of its items).</summary>
public static class ColdBundleEvaluation
{
    /// <summary>The cold bundles' figures: the model's, the baselines', and how many bundles were held out. The model is
    /// solved again with <paramref name="options"/> (those it was trained with: <see cref="BundleRankerOptions.Recorded"/>)
    /// and its vectors learned again with <paramref name="learnerSeed"/> (the training's seed), else <paramref name="seed"/>.</summary>
    public static ColdBundleFigures Run(BundleRankerModel model, Dataset data, BundleRankingProtocol protocol, double share, int seed, IReadOnlyList<int> cutoffs,
        int threads, BundleRankerOptions? options = null, Pseudonymizer? pseudonymizer = null, int? learnerSeed = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(protocol);
        if (!(share > 0 && share < 1))
            throw new DataException($"The cold-bundle share must be between 0 and 1 (exclusive), not {share}.", field: "--cold-bundles");
        var bundles = data.Bundles ?? throw new DataException("The data has no predefined bundles (use the crosscbr format).", field: "--data");
        int n = bundles.Count;
        var judged = new SortedSet<int>();
        for (int x = 0; x < protocol.Users.Count; x++)
            foreach (int b in protocol.TruthOf(x))
                judged.Add(b);
        var pool = judged.ToArray();
        var random = new SeededRandom(seed, stream: 0xC01D);
        random.Shuffle<int>(pool);
        var cold = new bool[n];
        int count = Math.Min(pool.Length, Math.Max(1, (int)Math.Round(share * pool.Length)));
        for (int k = 0; k < count; k++)
            cold[pool[k]] = true;

        var train = BundleRankerTrainer.TrainLists(bundles, data.Users.Count, options?.LearnFrom ?? BundlePairs.Train);
        for (int u = 0; u < train.Length; u++)
            if (HasCold(train[u], cold))
                train[u] = [.. train[u].Where(b => !cold[b])];
        var userItems = BundleRankerTrainer.DistinctItems(data.Sequences, data.Items.Count);
        var keys = model.Vectors is null ? null : pseudonymizer ?? Pseudonymizer.FromEnvironment();
        Func<int, string>? keyOf = keys is null ? null : u => keys.Key(data.Users.Ids[u]);
        var coldModel = BundleRankerTrainer.Refit(model, train, userItems, options ?? new BundleRankerOptions(), threads, keyOf,
            learnerSeed ?? seed);
        var rows = TrainedBundleScorer.VectorRows(coldModel.Vectors, data, keys);
        var restricted = protocol.RestrictedTo(b => cold[b]);
        var metrics = restricted.Evaluate(new Scorer(coldModel, train, userItems, rows), cutoffs, threads);
        var baselines = new Dictionary<string, RelevantSetMetrics>(StringComparer.Ordinal)
        {
            ["random"] = restricted.Evaluate(new RandomScorer(seed), cutoffs, threads),
            ["item_popularity"] = restricted.Evaluate(new ItemPopularityScorer(model, userItems), cutoffs, threads),
        };
        return new ColdBundleFigures(count, share, metrics, baselines);
    }

    private static bool HasCold(int[] row, bool[] cold)
    {
        foreach (int b in row)
            if (cold[b])
                return true;
        return false;
    }

    private sealed class Scorer(BundleRankerModel model, int[][] train, int[][] items, int[] vectorRows) : IBundleScorer
    {
        public void Score(int user, Span<float> scores)
        {
            model.Score(train[user], items[user], scores);
            model.Vectors?.AddTo(vectorRows[user], scores);
        }
    }

    /// <summary>A uniform ranking, the same for a seed and user on every run.</summary>
    private sealed class RandomScorer(int seed) : IBundleScorer
    {
        public void Score(int user, Span<float> scores)
        {
            var random = new SeededRandom(seed, stream: 0x52414E44L + user);
            for (int b = 0; b < scores.Length; b++)
                scores[b] = (float)random.NextDouble();
        }
    }

    /// <summary>Every user gets the bundles whose items have the most users (on average) first.</summary>
    private sealed class ItemPopularityScorer : IBundleScorer
    {
        private readonly float[] _scores;

        public ItemPopularityScorer(BundleRankerModel model, int[][] userItems)
        {
            var users = new int[model.ItemCount];
            foreach (var row in userItems)
                foreach (int i in row)
                    users[i]++;
            _scores = new float[model.BundleCount];
            for (int b = 0; b < _scores.Length; b++)
            {
                var items = model.ItemsOf(b);
                float s = 0;
                foreach (int i in items)
                    if ((uint)i < (uint)users.Length)
                        s += users[i];
                _scores[b] = items.IsEmpty ? 0 : s / items.Length;
            }
        }

        public void Score(int user, Span<float> scores) => _scores.AsSpan().CopyTo(scores);
    }
}
