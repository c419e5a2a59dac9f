using BundleForge.Data;
using BundleForge.Evaluation.Metrics;
using BundleForge.Splits;

namespace BundleForge.Neural.Tests;

public class RankingTests
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
    public void Popularity_ranks_by_training_counts_with_ties_to_the_lower_id()
    {
        // Training parts: user0 [0,1,1], user1 [1,2]; item 1 most popular, 0 and 2 tie (0 first), 3 unseen.
        var seqs = new UserSequences([0, 5, 9], [0, 1, 1, 3, 2, 1, 2, 0, 2], new long[9]);
        var split = LeaveLastOut.Create(seqs);
        // Test targets: user0 -> 2 (rank 2), user1 -> 2 (rank 2).
        var m = PopularityBaseline.Evaluate(split, itemCount: 4, test: true);
        Assert.Equal(2, m.Queries);
        Assert.Equal(1.0, m.HitRateAt(5));
        Assert.Equal(1 / 3.0, m.Mrr, 12);
        Assert.Equal(1 / Math.Log2(4), m.NdcgAt(5), 12);
        // Validation targets: user0 -> 3 (unseen, rank 3), user1 -> 0 (rank 1).
        var v = PopularityBaseline.Evaluate(split, itemCount: 4, test: false);
        Assert.Equal((1 / 4.0 + 1 / 2.0) / 2, v.Mrr, 12);
    }
}

public class BestRankTests
{
    [Fact]
    public void Best_rank_is_that_of_the_highest_scored_target_with_ties_against_the_model()
    {
        float[] scores = [0.5f, 0.9f, 0.1f, 0.9f, 0.3f];
        Assert.Equal(0, NextItemEvaluator.BestRank(scores, [1]));
        Assert.Equal(1, NextItemEvaluator.BestRank(scores, [3]));      // tied with item 1, which has a lower id
        Assert.Equal(2, NextItemEvaluator.BestRank(scores, [2, 0]));   // 0.5 is behind both 0.9s
        Assert.Equal(1, NextItemEvaluator.BestRank(scores, [4, 3]));   // the better target counts
        Assert.Equal(4, NextItemEvaluator.BestRank(scores, [2]));
    }
}
