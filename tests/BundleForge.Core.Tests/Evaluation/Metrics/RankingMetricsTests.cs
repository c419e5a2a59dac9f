using BundleForge.Evaluation.Metrics;

namespace BundleForge.Core.Tests.Evaluation.Metrics;

public class RankingMetricsTests
{
    [Fact]
    public void Metrics_match_hand_computed_values()
    {
        var acc = new RankingAccumulator(catalogSize: 16, k: 3);
        acc.Add(0, [1, 2, 3]);   // hit at rank 1: ndcg 1, rr 1
        acc.Add(2, [1, 4, 5]);   // hit at rank 3: ndcg 1/log2(4) = 0.5, rr 1/3
        acc.Add(5, [1, 2, 3]);   // miss in top 3, rr 1/6
        acc.Add(-1, [6, 7, 8]);  // unrankable target
        var m = acc.ToMetrics();
        Assert.Equal(4, m.Queries);
        Assert.Equal(0.5, m.HitRate, 10);
        Assert.Equal((1 + 0.5) / 4, m.Ndcg, 10);
        Assert.Equal((1 + 1.0 / 3 + 1.0 / 6) / 4, m.Mrr, 10);
        Assert.Equal(8 / 16.0, m.Coverage, 10);
        var d = m.ToDictionary(digits: 5);
        Assert.Equal(0.5, d["hr@3"]);
        Assert.Equal(0.375, d["ndcg@3"]);
    }
}
