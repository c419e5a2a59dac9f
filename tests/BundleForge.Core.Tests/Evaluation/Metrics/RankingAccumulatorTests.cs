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

    [Fact]
    public void Basket_queries_give_hit_rate_ndcg_over_the_whole_basket_recall_and_personalisation()
    {
        var acc = RankingAccumulator.NextBasket(30);
        int[] first = [5, 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
        int[] second = [20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        acc.AddList(first, [5, 15, 25]);   // hits at ranks 0 and 15 of 3 targets
        acc.AddList(second, [0]);          // a hit at rank 10 only
        acc.AddList(first, [29]);          // a miss
        var m = acc.ToMetrics();
        double ideal3 = 1 + 1 / Math.Log2(3) + 1 / Math.Log2(4);
        Assert.Equal(3, m.Queries);
        Assert.Equal(1 / 3.0, m.HitRateAt(10), 12);
        Assert.Equal(2 / 3.0, m.HitRateAt(20), 12);
        Assert.Equal(1 / ideal3 / 3, m.NdcgAt(10), 12);
        Assert.Equal(((1 + 1 / Math.Log2(17)) / ideal3 + 1 / Math.Log2(12)) / 3, m.NdcgAt(20), 12);
        Assert.Equal(1 / 3.0 / 3, m.RecallAt(10), 12);
        Assert.Equal((2 / 3.0 + 1) / 3, m.RecallAt(20), 12);
        Assert.Equal((1 + 1 / 11.0) / 3, m.Mrr, 12);
        Assert.Equal(20 / 30.0, m.Coverage, 12);
        // Top-10 lists: the first and third are the same (10 shared items), the second shares nothing with either.
        Assert.Equal(1 - 10 / 30.0, m.Personalisation!.Value, 12);
        var d = m.ToDictionary();
        Assert.Equal(["hr@10", "hr@20", "ndcg@10", "ndcg@20", "recall@10", "recall@20", "mrr@20", "coverage@10", "personalisation@10", "queries"], d.Keys);
    }

    [Fact]
    public void Single_target_queries_keep_their_dictionary_without_recall_or_personalisation()
    {
        var acc = RankingAccumulator.NextItem(8);
        acc.Add(3, [0, 1, 2]);
        var m = acc.ToMetrics();
        Assert.False(m.IsBasket);
        Assert.Null(m.Personalisation);
        Assert.Equal(m.HitRateAt(5), m.RecallAt(5));
        Assert.DoesNotContain("recall@10", m.ToDictionary().Keys);
    }

    [Fact]
    public void A_basket_query_without_relevant_items_is_refused()
    {
        var acc = RankingAccumulator.NextBasket(4);
        Assert.Throws<ArgumentException>(() => acc.AddList([0, 1], []));
    }
}
