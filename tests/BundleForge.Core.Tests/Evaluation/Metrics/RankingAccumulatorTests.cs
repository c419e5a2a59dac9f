using BundleForge.Evaluation.Metrics;

namespace BundleForge.Core.Tests.Evaluation.Metrics;

public class RankingAccumulatorTests
{
    [Fact]
    public void Accumulator_computes_hit_rate_ndcg_and_mrr_from_ranks()
    {
        var acc = RankingAccumulator.NextItem(4);
        acc.Add(0);   // top: hits everywhere, gain 1
        acc.Add(6);   // hit@10 and @20, gain 1/log2(8) = 1/3
        acc.Add(30);  // miss
        acc.MarkRecommended([0, 1]);
        var m = acc.ToMetrics();
        Assert.Equal(3, m.Queries);
        Assert.Equal(1 / 3.0, m.HitRateAt(5), 12);
        Assert.Equal(2 / 3.0, m.HitRateAt(10), 12);
        Assert.Equal((1 + 1 / 3.0) / 3, m.NdcgAt(10), 12);
        Assert.Equal(1 / 3.0, m.NdcgAt(5), 12);
        Assert.Equal((1 + 1 / 7.0 + 1 / 31.0) / 3, m.Mrr, 12);
        Assert.Equal(0.5, m.Coverage, 12);
    }

    [Fact]
    public void The_dictionary_lists_every_cut_off_then_mrr_coverage_and_the_count_under_its_name()
    {
        var acc = RankingAccumulator.NextItem(8);
        acc.Add(3, [0, 1, 2]);
        acc.Add(12, [3]);
        var d = acc.ToMetrics().ToDictionary("users");
        Assert.Equal(["hr@5", "hr@10", "hr@20", "ndcg@5", "ndcg@10", "ndcg@20", "mrr", "coverage@10", "users"], d.Keys);
        Assert.Equal(0.5, d["hr@5"]);
        Assert.Equal(1.0, d["hr@20"]);
        Assert.Equal((1 / Math.Log2(5) + 1 / Math.Log2(14)) / 2, d["ndcg@20"], 12);
        Assert.Equal(0.5, d["coverage@10"]);
        Assert.Equal(2, d["users"]);
        // MRR (1/4 + 1/13) / 2 = 0.16346...
        Assert.Equal(0.163, acc.ToMetrics().ToDictionary(digits: 3)["mrr"]);
    }

    [Fact]
    public void Metrics_of_no_queries_are_zero_and_unknown_cut_offs_are_refused()
    {
        var m = new RankingAccumulator(catalogSize: 5, k: 2).ToMetrics();
        Assert.Equal(0, m.Queries);
        Assert.Equal(0, m.HitRate);
        Assert.Equal(0, m.Mrr);
        Assert.Equal(0, m.Coverage);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.HitRateAt(10));
        Assert.Throws<ArgumentException>(() => new RankingAccumulator(5, 10, [5, 20]));
        Assert.Throws<ArgumentException>(() => new RankingAccumulator(5, 10, [10, 5]));
    }
}
