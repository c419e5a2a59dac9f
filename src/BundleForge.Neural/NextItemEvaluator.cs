using BundleForge.Evaluation.Metrics;
using BundleForge.Splits;
using static TorchSharp.torch;

namespace BundleForge.Neural;

/// <summary>Leave-last-out next-item evaluation ranking ALL items (no sampled negatives). Items already in the
/// user's history are NOT excluded, as in the published Beauty protocol (S3-Rec / ICLRec / eSASRec). The rank of the
/// target is the number of items scored higher, plus tied items with a lower id, so ties never flatter the model.</summary>
public static class NextItemEvaluator
{
    /// <summary>Evaluates every evaluable user (at least 3 items) on the test target (history = all but the last
    /// item) or the validation target (history = all but the last two).</summary>
    public static RankingMetrics Evaluate(SequenceTransformer net, LeaveLastOut split, bool test, int batchSize = 128)
    {
        var users = new List<int>();
        for (int u = 0; u < split.Sequences.Count; u++) if (split.IsEvaluable(u)) users.Add(u);
        return Evaluate(net, split, users, test, batchSize);
    }

    /// <summary>Evaluates the given users (each must be evaluable).</summary>
    public static RankingMetrics Evaluate(SequenceTransformer net, LeaveLastOut split, IReadOnlyList<int> users, bool test, int batchSize = 128)
    {
        var config = net.Config;
        int n = config.ItemCount;
        var acc = RankingAccumulator.NextItem(n);
        bool wasTraining = net.training;
        net.eval();
        var tokens = new long[batchSize * config.MaxLength];
        bool bert = config.Kind == SequenceModelKind.Bert4Rec;
        Func<int, int> historyLength = u => (test ? split.TestHistoryOf(u) : split.ValidHistoryOf(u)).Length;
        var targets = new long[batchSize];
        var ranks = new long[batchSize];
        var top = new long[batchSize * Math.Min(10, n)];
        var topItems = new int[top.Length];
        try
        {
            using var _ = no_grad();
            using var itemIds = arange(n, dtype: ScalarType.Int64).unsqueeze(0);
            foreach (var batch in LengthBatches.Sorted(users, historyLength, batchSize))
            {
                int b = batch.Length;
                int longest = historyLength(batch[^1]);
                int l = Math.Clamp(bert ? longest + 1 : longest, 1, config.MaxLength);
                for (int r = 0; r < b; r++)
                {
                    int u = batch[r];
                    var history = test ? split.TestHistoryOf(u) : split.ValidHistoryOf(u);
                    SequenceTokens.FillPredictionRow(tokens.AsSpan(r * l, l), history, config);
                    targets[r] = test ? split.TestTargetOf(u) : split.ValidTargetOf(u);
                }
                using var scope = NewDisposeScope();
                var input = tensor(tokens.AsSpan(0, b * l).ToArray(), [b, l]);
                var target = tensor(targets.AsSpan(0, b).ToArray(), [b, 1]);
                var scores = net.NextItemScores(input);
                var targetScore = scores.gather(1, target);
                var ahead = scores.gt(targetScore).logical_or(scores.eq(targetScore).logical_and(itemIds.lt(target)));
                var rank = ahead.sum(1, type: ScalarType.Int64);
                rank.data<long>().CopyTo(ranks.AsSpan(0, b));
                for (int r = 0; r < b; r++) acc.Add(ranks[r]);
                int k = Math.Min(10, n);
                var (_, topIdx) = scores.topk(k, 1);
                topIdx.data<long>().CopyTo(top.AsSpan(0, b * k));
                for (int i = 0; i < b * k; i++) topItems[i] = (int)top[i];
                acc.MarkRecommended(topItems.AsSpan(0, b * k));
            }
        }
        finally
        {
            if (wasTraining) net.train();
        }
        return acc.ToMetrics();
    }

    /// <summary>Evaluates a time split: each test case's history is its user's training purchases, and the rank
    /// counted is that of the best-ranked item of the user's first test-period order (a hit when any of them is in
    /// the top k), all items ranked, ties ranked against the model.</summary>
    public static RankingMetrics Evaluate(SequenceTransformer net, SequenceTimeSplit split, int batchSize = 128)
    {
        var config = net.Config;
        int n = config.ItemCount;
        var acc = RankingAccumulator.NextItem(n);
        bool wasTraining = net.training;
        net.eval();
        var cases = new int[split.CaseCount];
        for (int c = 0; c < cases.Length; c++) cases[c] = c;
        Func<int, int> historyLength = c => split.HistoryOf(c).Length;
        var tokens = new long[batchSize * config.MaxLength];
        var scores = new float[batchSize * n];
        int k = Math.Min(10, n);
        var top = new long[batchSize * k];
        var topItems = new int[top.Length];
        try
        {
            using var _ = no_grad();
            foreach (var batch in LengthBatches.Sorted(cases, historyLength, batchSize))
            {
                int b = batch.Length;
                int longest = historyLength(batch[^1]);
                int l = Math.Clamp(config.Kind == SequenceModelKind.Bert4Rec ? longest + 1 : longest, 1, config.MaxLength);
                for (int r = 0; r < b; r++) SequenceTokens.FillPredictionRow(tokens.AsSpan(r * l, l), split.HistoryOf(batch[r]), config);
                using var scope = NewDisposeScope();
                var s = net.NextItemScores(tensor(tokens.AsSpan(0, b * l).ToArray(), [b, l]));
                s.data<float>().CopyTo(scores.AsSpan(0, b * n));
                var (_, topIdx) = s.topk(k, 1);
                topIdx.data<long>().CopyTo(top.AsSpan(0, b * k));
                for (int i = 0; i < b * k; i++) topItems[i] = (int)top[i];
                acc.MarkRecommended(topItems.AsSpan(0, b * k));
                for (int r = 0; r < b; r++) acc.Add(BestRank(scores.AsSpan(r * n, n), split.TargetsOf(batch[r])));
            }
        }
        finally
        {
            if (wasTraining) net.train();
        }
        return acc.ToMetrics();
    }

    /// <summary>The 0-based rank of the best-ranked target: items scored higher, plus equal scores with a lower id.</summary>
    internal static long BestRank(ReadOnlySpan<float> scores, ReadOnlySpan<int> targets)
    {
        int best = targets[0];
        foreach (var t in targets)
            if (scores[t] > scores[best] || (scores[t] == scores[best] && t < best)) best = t;
        float v = scores[best];
        long rank = 0;
        for (int i = 0; i < scores.Length; i++)
            if (scores[i] > v || (scores[i] == v && i < best)) rank++;
        return rank;
    }
}
