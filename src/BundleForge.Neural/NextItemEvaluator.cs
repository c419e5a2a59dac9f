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
        var acc = new RankingAccumulator(n);
        bool wasTraining = net.training;
        net.eval();
        var tokens = new long[batchSize * config.MaxLength];
        bool bert = config.Kind == SequenceModelKind.Bert4Rec;
        Func<int, int> historyLength = u => (test ? split.TestHistoryOf(u) : split.ValidHistoryOf(u)).Length;
        var targets = new long[batchSize];
        var ranks = new long[batchSize];
        var top = new long[batchSize * Math.Min(10, n)];
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
                acc.MarkRecommended(top.AsSpan(0, b * k));
            }
        }
        finally
        {
            if (wasTraining) net.train();
        }
        return acc.ToMetrics();
    }
}
