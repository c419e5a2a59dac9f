using System.Numerics.Tensors;
using BundleForge.Embeddings;
using BundleForge.Evaluation.Metrics;

namespace BundleForge.BundleRanking;

/// <summary>Chooses the weights of the signals by coordinate ascent on a validation split: EASE keeps weight 1; each
/// other signal in turn tries every candidate weight with the rest fixed and keeps the best by the validation figure
/// of <see cref="BundleRankerObjective"/> (the first best on ties, so a weight moves only when it helps); the sweep
/// repeats. The signals of every validation customer are computed once, divided by their spreads; each trial is then a
/// weighted sum.
/// Per-customer figures are summed in customer order, so the choice is the same for any thread count.</summary>
internal sealed class BlendSearch
{
    private readonly int _bundles;
    private readonly int _k;
    private readonly int _threads;
    private readonly int _count;
    private readonly BundleRankerObjective _objective;
    private readonly int[] _users;
    private readonly float[][] _signals;
    private readonly int[][] _known;
    private readonly int[][] _truth;
    private readonly int[] _all;

    /// <summary>Prepares the search over the customers with validation bundles; <paramref name="learned"/> (vectors
    /// learned on the same fit lists, rows = users) adds the <see cref="BundleSignals.Learned"/> signal, divided by
    /// <paramref name="learnedSpread"/>.</summary>
    public BlendSearch(BundleSignals signals, float[] spreads, int[][] fit, int[][] validation, int[][] userItems, int k, int threads,
        LearnedBundleVectors? learned = null, float learnedSpread = 1, BundleRankerObjective objective = BundleRankerObjective.Ndcg)
    {
        _objective = objective;
        _count = BundleSignals.Count + (learned is null ? 0 : 1);
        _bundles = signals.BundleCount;
        _k = k;
        _threads = Math.Max(1, threads);
        var users = new List<int>();
        for (int u = 0; u < validation.Length; u++)
            if (validation[u].Length > 0)
                users.Add(u);
        _users = [.. users];
        _signals = new float[_users.Length][];
        _known = new int[_users.Length][];
        _truth = new int[_users.Length][];
        int n = _bundles;
        Parallel.For(0, _users.Length, new ParallelOptions { MaxDegreeOfParallelism = _threads }, x =>
        {
            int u = _users[x];
            var items = u < userItems.Length ? userItems[u] : [];
            var all = new float[_count * n];
            for (int s = 0; s < BundleSignals.Count; s++)
            {
                var span = all.AsSpan(s * n, n);
                signals.Score(s, fit[u], items, span);
                TensorPrimitives.Multiply(span, 1f / spreads[s], span);
            }
            if (learned is not null)
            {
                var span = all.AsSpan(BundleSignals.Learned * n, n);
                learned.Score(u, span);
                TensorPrimitives.Multiply(span, 1f / learnedSpread, span);
            }
            _signals[x] = all;
            _known[x] = fit[u];
            _truth[x] = validation[u];
        });
        _all = new int[_users.Length];
        for (int x = 0; x < _all.Length; x++)
            _all[x] = x;
    }

    /// <summary>Customers judged.</summary>
    public int Users => _users.Length;

    /// <summary>The bundles customer <paramref name="x"/> (in judged order) is known to have, i.e. what a segment is
    /// told apart by at serving time.</summary>
    public int KnownCount(int x) => _known[x].Length;

    /// <summary>Runs the ascent from <paramref name="start"/> over <paramref name="grid"/> (the learned signal over
    /// <paramref name="learnedGrid"/>, else the same); returns the chosen settings, their validation Recall@k and NDCG@k,
    /// and the number of weightings judged.</summary>
    public (BundleRankerSettings Settings, double Recall, double Ndcg, int Judged) Run(BundleRankerSettings start, IReadOnlyList<float> grid, int passes,
        IReadOnlyList<float>? learnedGrid = null) => Run(start, grid, passes, learnedGrid, _all);

    /// <summary><see cref="Run(BundleRankerSettings, IReadOnlyList{float}, int, IReadOnlyList{float}?)"/> judged on the
    /// customers <paramref name="members"/> (indices in judged order) alone.</summary>
    public (BundleRankerSettings Settings, double Recall, double Ndcg, int Judged) Run(BundleRankerSettings start, IReadOnlyList<float> grid, int passes,
        IReadOnlyList<float>? learnedGrid, int[] members)
    {
        var current = start;
        var (recall, ndcg) = Judge(current, members);
        int judged = 1;
        for (int pass = 0; pass < passes; pass++)
        {
            bool moved = false;
            for (int s = 1; s < _count; s++)
                foreach (float w in s == BundleSignals.Learned && learnedGrid is not null ? learnedGrid : grid)
                {
                    if (w == current.Weight(s))
                        continue;
                    var trial = current.WithWeight(s, w);
                    var (r, d) = Judge(trial, members);
                    judged++;
                    if (Better(_objective, r, d, recall, ndcg))
                    {
                        (current, recall, ndcg, moved) = (trial, r, d, true);
                    }
                }
            if (!moved)
                break;
        }
        return (current, recall, ndcg, judged);
    }

    /// <summary>Whether Recall and NDCG (<paramref name="recall"/>, <paramref name="ndcg"/>) beat the best so far by
    /// <paramref name="objective"/>: NDCG first and Recall on a tie, or their sum; a gain below 1e-9 is a tie.</summary>
    public static bool Better(BundleRankerObjective objective, double recall, double ndcg, double bestRecall, double bestNdcg)
    {
        if (objective == BundleRankerObjective.RecallPlusNdcg)
            return recall + ndcg > bestRecall + bestNdcg + 1e-9;
        if (ndcg > bestNdcg + 1e-9)
            return true;
        return ndcg >= bestNdcg - 1e-9 && recall > bestRecall + 1e-9;
    }

    /// <summary>Validation Recall@k and NDCG@k of one weighting.</summary>
    public (double Recall, double Ndcg) Judge(BundleRankerSettings settings) => Judge(settings, _all);

    /// <summary>Validation Recall@k and NDCG@k of one weighting on the customers <paramref name="members"/>.</summary>
    public (double Recall, double Ndcg) Judge(BundleRankerSettings settings, int[] members)
    {
        var weights = new float[_count];
        for (int s = 0; s < weights.Length; s++)
            weights[s] = settings.Weight(s);
        return Judge(weights, members);
    }

    /// <summary>Validation Recall@k and NDCG@k of signal <paramref name="signal"/> alone.</summary>
    public (double Recall, double Ndcg) JudgeAlone(int signal)
    {
        var weights = new float[_count];
        weights[signal] = 1;
        return Judge(weights, _all);
    }

    private (double Recall, double Ndcg) Judge(float[] weights, int[] members)
    {
        int n = _bundles;
        int[] cutoffs = [_k];
        var recall = new double[members.Length];
        var ndcg = new double[members.Length];
        Parallel.For(0, members.Length, new ParallelOptions { MaxDegreeOfParallelism = _threads },
            () => (Scores: new float[n], Heap: new TopKHeap(_k), Ranked: new Neighbor[_k], Ids: new int[_k]),
            (m, _, ws) =>
            {
                int x = members[m];
                var scores = ws.Scores.AsSpan();
                scores.Clear();
                var all = _signals[x];
                for (int s = 0; s < weights.Length; s++)
                    if (weights[s] != 0)
                        TensorPrimitives.MultiplyAdd(all.AsSpan(s * n, n), weights[s], scores, scores);
                foreach (int b in _known[x])
                    scores[b] = float.NegativeInfinity;
                ws.Heap.Clear();
                for (int b = 0; b < n; b++)
                    if (!float.IsNegativeInfinity(scores[b]))
                        ws.Heap.Add(b, scores[b]);
                int found = ws.Heap.CopySortedTo(ws.Ranked);
                for (int r = 0; r < found; r++)
                    ws.Ids[r] = ws.Ranked[r].Id;
                var truth = _truth[x];
                var one = new RelevantSetAccumulator(cutoffs);
                one.Add(ws.Ids.AsSpan(0, found), b => Array.BinarySearch(truth, b) >= 0, truth.Length);
                var metrics = one.ToMetrics();
                recall[m] = metrics.RecallAt(_k);
                ndcg[m] = metrics.NdcgAt(_k);
                return ws;
            }, _ => { });
        double rs = 0;
        double ns = 0;
        for (int m = 0; m < members.Length; m++)
        {
            rs += recall[m];
            ns += ndcg[m];
        }
        int count = Math.Max(1, members.Length);
        return (rs / count, ns / count);
    }
}
