using BundleForge.Evaluation.Metrics;
using BundleForge.Splits;

namespace BundleForge.Evaluation.NextItem;

/// <summary>The most-popular-items baseline under the same leave-last-out, all-items protocol: items ranked by how
/// often they occur in the training part of all sequences, ties broken by lower item id (the same tie rule the
/// neural evaluation uses).</summary>
public static class PopularityBaseline
{
    /// <summary>Metrics of ranking every item by training popularity, on the test (or validation) targets; with
    /// <paramref name="excludeHistory"/> each user's history items are ranked last, as the model's are.</summary>
    public static RankingMetrics Evaluate(LeaveLastOut split, int itemCount, bool test, bool excludeHistory = false)
    {
        var counts = new long[itemCount];
        var seqs = split.Sequences;
        for (int u = 0; u < seqs.Count; u++)
            foreach (var i in split.TrainOf(u))
                counts[i]++;
        if (excludeHistory)
        {
            using var scorer = new CountScorer(counts);
            return NextItemEvaluator.Evaluate(scorer, split, test, excludeHistory: true);
        }
        var order = new int[itemCount];
        for (int i = 0; i < itemCount; i++)
            order[i] = i;
        Array.Sort(order, (a, b) => counts[a] != counts[b] ? counts[b].CompareTo(counts[a]) : a.CompareTo(b));
        var rankOf = new int[itemCount];
        for (int r = 0; r < itemCount; r++)
            rankOf[order[r]] = r;

        var acc = RankingAccumulator.NextItem(itemCount);
        var top = order.AsSpan(0, Math.Min(10, itemCount));
        for (int u = 0; u < seqs.Count; u++)
        {
            if (!split.IsEvaluable(u))
                continue;
            int target = test ? split.TestTargetOf(u) : split.ValidTargetOf(u);
            acc.Add(rankOf[target]);
        }
        acc.MarkRecommended(top);
        return acc.ToMetrics();
    }

    /// <summary>Metrics of ranking every item by its purchase count in the training part of a time split, counting
    /// the best-ranked item of each test case's first test-period order (as the neural evaluation does).</summary>
    public static RankingMetrics Evaluate(SequenceTimeSplit split, int itemCount, bool excludeHistory = false)
    {
        var counts = new long[itemCount];
        foreach (var i in split.Train.Items)
            counts[i]++;
        if (excludeHistory)
        {
            using var scorer = new CountScorer(counts);
            return NextItemEvaluator.Evaluate(scorer, split, excludeHistory: true);
        }
        // Score = count with ties broken by lower id, i.e. the same order as sorting, through the shared rank rule.
        var scores = new float[itemCount];
        for (int i = 0; i < itemCount; i++)
            scores[i] = counts[i];
        var acc = RankingAccumulator.NextItem(itemCount);
        for (int c = 0; c < split.CaseCount; c++)
            acc.Add(NextItemEvaluator.BestRank(scores, split.TargetsOf(c)));
        var order = new int[itemCount];
        for (int i = 0; i < itemCount; i++)
            order[i] = i;
        Array.Sort(order, (a, b) => counts[a] != counts[b] ? counts[b].CompareTo(counts[a]) : a.CompareTo(b));
        acc.MarkRecommended(order.AsSpan(0, Math.Min(10, itemCount)));
        return acc.ToMetrics();
    }

    /// <summary>The same score for every history, an item's training count, so that the evaluator's per-user history
    /// exclusion applies to popularity exactly as to a model.</summary>
    private sealed class CountScorer : INextItemScorer
    {
        private readonly float[] _scores;
        private readonly int[] _order;

        public CountScorer(long[] counts)
        {
            _scores = new float[counts.Length];
            _order = new int[counts.Length];
            for (int i = 0; i < counts.Length; i++)
            {
                _scores[i] = counts[i];
                _order[i] = i;
            }
            Array.Sort(_order, (a, b) => counts[a] != counts[b] ? counts[b].CompareTo(counts[a]) : a.CompareTo(b));
        }

        public int ItemCount => _scores.Length;

        public void Score(ReadOnlySpan<int> offsets, ReadOnlySpan<int> items, Span<float> scores, int k, Span<int> top)
        {
            for (int r = 0; r + 1 < offsets.Length; r++)
            {
                _scores.CopyTo(scores.Slice(r * _scores.Length, _scores.Length));
                _order.AsSpan(0, k).CopyTo(top.Slice(r * k, k));
            }
        }

        public void Dispose() { }
    }
}
