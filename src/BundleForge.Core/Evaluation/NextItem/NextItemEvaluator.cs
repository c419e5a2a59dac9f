using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation.Metrics;
using BundleForge.Splits;

namespace BundleForge.Evaluation.NextItem;

/// <summary>Leave-last-out next-item evaluation ranking ALL items (no sampled negatives). Items already in the
/// user's history are NOT excluded by default (S3-Rec / ICLRec); <c>excludeHistory</c> drops them from the ranking, as
/// frameworks that filter viewed items do (RecTools, which eSASRec builds on). The rank of the target is the number of
/// items scored higher, plus tied items with a lower id, so ties never flatter the model.</summary>
public static class NextItemEvaluator
{
    /// <summary>Length of the recommended lists whose catalog coverage is reported.</summary>
    private const int ListLength = 10;

    private delegate ReadOnlySpan<int> ItemsOf(int id);

    /// <summary>Evaluates every evaluable user (at least 3 items) on the test target (history = all but the last
    /// item) or the validation target (history = all but the last two). With <paramref name="excludeHistory"/> the
    /// history's items are ranked last (a target bought before then counts as missed). <paramref name="done"/>, when
    /// given, hears the fraction of users scored after each batch (a trainer's progress), and
    /// <paramref name="cancellation"/> is checked between batches.</summary>
    public static RankingMetrics Evaluate(INextItemScorer scorer, LeaveLastOut split, bool test, bool excludeHistory = false, int batchSize = 128,
                                          Action<double>? done = null, CancellationToken cancellation = default)
    {
        var users = new List<int>();
        for (int u = 0; u < split.Sequences.Count; u++)
            if (split.IsEvaluable(u))
                users.Add(u);
        return Evaluate(scorer, split, users, test, excludeHistory, batchSize, done, cancellation);
    }

    /// <summary>Evaluates the given users (each must be evaluable).</summary>
    public static RankingMetrics Evaluate(INextItemScorer scorer, LeaveLastOut split, IReadOnlyList<int> users, bool test, bool excludeHistory = false, int batchSize = 128,
                                          Action<double>? done = null, CancellationToken cancellation = default)
    {
        // One target per user, kept in an array so each can be handed out as a one-item span.
        var targets = new int[split.Sequences.Count];
        foreach (int u in users)
            targets[u] = test ? split.TestTargetOf(u) : split.ValidTargetOf(u);
        return Run(scorer, users, u => test ? split.TestHistoryOf(u) : split.ValidHistoryOf(u), u => new ReadOnlySpan<int>(in targets[u]), excludeHistory, null, batchSize, done, cancellation);
    }

    /// <summary>Evaluates every evaluable user both ways from one scoring pass: with the history's items in the
    /// ranking (<c>Kept</c>) and ranked last (<c>Masked</c>), so a model can learn which of the two suits the data
    /// (a sequence model's repeat-aware scorer).</summary>
    public static (RankingMetrics Kept, RankingMetrics Masked) EvaluateBothWays(INextItemScorer scorer, LeaveLastOut split, bool test, int batchSize = 128,
                                                                                Action<double>? done = null, CancellationToken cancellation = default)
    {
        var users = new List<int>();
        var targets = new int[split.Sequences.Count];
        for (int u = 0; u < split.Sequences.Count; u++)
            if (split.IsEvaluable(u))
            {
                users.Add(u);
                targets[u] = test ? split.TestTargetOf(u) : split.ValidTargetOf(u);
            }
        var masked = RankingAccumulator.NextItem(scorer.ItemCount);
        var kept = Run(scorer, users, u => test ? split.TestHistoryOf(u) : split.ValidHistoryOf(u), u => new ReadOnlySpan<int>(in targets[u]), false, masked, batchSize, done, cancellation);
        return (kept, masked.ToMetrics());
    }

    /// <summary>Evaluates a time split: each test case's history is its user's training purchases, and the rank
    /// counted is that of the best-ranked item of the user's first test-period order (a hit when any of them is in
    /// the top k), all items ranked (the history's last when <paramref name="excludeHistory"/>), ties ranked against
    /// the model.</summary>
    public static RankingMetrics Evaluate(INextItemScorer scorer, SequenceTimeSplit split, bool excludeHistory = false, int batchSize = 128)
    {
        var cases = new int[split.CaseCount];
        for (int c = 0; c < cases.Length; c++)
            cases[c] = c;
        return Run(scorer, cases, split.HistoryOf, split.TargetsOf, excludeHistory, null, batchSize, null, default);
    }

    /// <summary>Scores the histories in batches of similar length (so the model pads each batch only to its own
    /// longest history) and sums the rank of each one's best-ranked target. With <paramref name="masked"/>, the same
    /// scores are also ranked with the history's items last into it (the returned metrics keep them).</summary>
    private static RankingMetrics Run(INextItemScorer scorer, IReadOnlyList<int> ids, ItemsOf historyOf, ItemsOf targetsOf, bool excludeHistory,
                                      RankingAccumulator? masked, int batchSize, Action<double>? done, CancellationToken cancellation)
    {
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize));
        int n = scorer.ItemCount;
        int k = Math.Min(ListLength, n);
        var acc = RankingAccumulator.NextItem(n);
        var scores = new float[batchSize * n];
        var top = new int[batchSize * k];
        var offsets = new int[batchSize + 1];
        var items = new int[256];
        var filtered = excludeHistory ? acc : masked;
        var heap = filtered is not null ? new TopKHeap(k) : null;
        var kept = new Neighbor[k];
        long scored = 0;
        foreach (var batch in LengthBatches.Sorted(ids, id => historyOf(id).Length, batchSize))
        {
            cancellation.ThrowIfCancellationRequested();
            int b = batch.Length;
            for (int r = 0; r < b; r++)
                offsets[r + 1] = offsets[r] + historyOf(batch[r]).Length;
            if (items.Length < offsets[b])
                items = new int[Math.Max(offsets[b], items.Length * 2)];
            for (int r = 0; r < b; r++)
                historyOf(batch[r]).CopyTo(items.AsSpan(offsets[r]));
            scorer.Score(offsets.AsSpan(0, b + 1), items.AsSpan(0, offsets[b]), scores.AsSpan(0, b * n), k, top.AsSpan(0, b * k));
            if (!excludeHistory)
            {
                acc.MarkRecommended(top.AsSpan(0, b * k));
                for (int r = 0; r < b; r++)
                    acc.Add(BestRank(scores.AsSpan(r * n, n), targetsOf(batch[r])));
            }
            if (filtered is not null)
            {
                // Ranking the history last rewrites the rows in place, so it comes after the unfiltered ranks.
                for (int r = 0; r < b; r++)
                    ExcludeHistory(scores.AsSpan(r * n, n), items.AsSpan(offsets[r], offsets[r + 1] - offsets[r]), heap!, kept, top.AsSpan(r * k, k));
                filtered.MarkRecommended(top.AsSpan(0, b * k));
                for (int r = 0; r < b; r++)
                    filtered.Add(BestRank(scores.AsSpan(r * n, n), targetsOf(batch[r])));
            }
            scored += b;
            done?.Invoke((double)scored / ids.Count);
        }
        return acc.ToMetrics();
    }

    /// <summary>Ranks the history's items last in one row of scores and rewrites the row's top k from what is left, so
    /// that coverage counts the filtered lists.</summary>
    private static void ExcludeHistory(Span<float> row, ReadOnlySpan<int> history, TopKHeap heap, Neighbor[] kept, Span<int> top)
    {
        foreach (int item in history)
            row[item] = float.NegativeInfinity;
        heap.Clear();
        for (int i = 0; i < row.Length; i++)
            if (row[i] >= heap.Threshold)
                heap.Add(i, row[i]);
        int count = heap.CopySortedTo(kept);
        for (int j = 0; j < count; j++)
            top[j] = kept[j].Id;
    }

    /// <summary>The 0-based rank of the best-ranked target: items scored higher, plus equal scores with a lower id.</summary>
    internal static long BestRank(ReadOnlySpan<float> scores, ReadOnlySpan<int> targets)
    {
        int best = targets[0];
        foreach (var t in targets)
            if (scores[t] > scores[best] || (scores[t] == scores[best] && t < best))
                best = t;
        float v = scores[best];
        long rank = 0;
        for (int i = 0; i < scores.Length; i++)
            if (scores[i] > v || (scores[i] == v && i < best))
                rank++;
        return rank;
    }
}
