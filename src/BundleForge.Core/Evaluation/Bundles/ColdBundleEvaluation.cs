using BundleForge.BundleRanking;
using BundleForge.Data;
using BundleForge.Evaluation.Metrics;

namespace BundleForge.Evaluation.Bundles;

/// <summary>The cold-bundle protocol: a seeded share of the bundles that have held-out pairs in the judged split is
/// treated as new — every train pair on them is removed, W and popularity are solved again with the trained model's
/// settings (no new choice of settings), and each judged user's held-out pairs on those bundles are ranked among all
/// bundles (minus the user's known ones). A cold bundle then has no takers, so only its items can rank it.</summary>
public static class ColdBundleEvaluation
{
    /// <summary>Recall@k and NDCG@k on the cold bundles' held-out pairs, and how many bundles were held out.</summary>
    public static (RelevantSetMetrics Metrics, int ColdBundles) Run(BundleRankerModel model, Dataset data, BundleRankingProtocol protocol,
        double share, int seed, IReadOnlyList<int> cutoffs, int threads)
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
        int count = Math.Max(1, (int)Math.Round(share * pool.Length));
        for (int k = 0; k < count && k < pool.Length; k++)
            cold[pool[k]] = true;

        var lists = new List<int>?[data.Users.Count];
        foreach (var (u, b) in bundles.Train)
            if ((uint)u < (uint)lists.Length && !cold[b])
                (lists[u] ??= []).Add(b);
        var train = new int[lists.Length][];
        for (int u = 0; u < lists.Length; u++)
            train[u] = lists[u] is { } l ? [.. l.Distinct()] : [];
        double seconds = 0;
        var weights = BundleRankerTrainer.Solve(BundleGram.OfInteractions(train, n), null, model.Settings with { ItemViewWeight = 0 }, n, threads, ref seconds);
        var popularity = new float[n];
        foreach (var row in train)
            foreach (int b in row)
                popularity[b]++;
        float max = popularity.Length == 0 ? 0 : popularity.Max();
        for (int b = 0; b < n && max > 0; b++)
            popularity[b] /= max;
        var coldModel = new BundleRankerModel(model.BundleIds, model.BundleOffsets, model.BundleItems, model.ItemCount, weights, popularity, model.Settings with { ItemViewWeight = 0 });
        var metrics = protocol.RestrictedTo(b => cold[b]).Evaluate(new Scorer(coldModel, train, data.Sequences), cutoffs, threads);
        return (metrics, count);
    }

    private sealed class Scorer(BundleRankerModel model, int[][] train, UserSequences items) : IBundleScorer
    {
        private readonly ThreadLocal<float[]> _affinity = new(() => new float[model.BundleCount]);

        public void Score(int user, Span<float> scores) => model.Score(train[user], items[user], scores, _affinity.Value!);
    }
}
