using BundleForge.Evaluation.Metrics;

namespace BundleForge.Core.Tests.Evaluation.Metrics;

public class RelevantSetAccumulatorTests
{
    [Fact]
    public void Recall_divides_by_the_relevant_count_and_ndcg_by_the_ideal_of_min_k_relevant()
    {
        var acc = new RelevantSetAccumulator([2, 4]);
        // Query 1: relevant {7, 9, 11}; ranked 7, 1, 9, 2 → hits at ranks 0 and 2.
        int[] relevant = [7, 9, 11];
        acc.Add([7, 1, 9, 2], i => relevant.Contains(i), relevant.Length);
        // Query 2: relevant {5}; ranked 3, 5 (a short list) → hit at rank 1.
        acc.Add([3, 5], i => i == 5, 1);
        // A query without relevant items is not counted.
        acc.Add([1, 2], _ => false, 0);
        var m = acc.ToMetrics();
        Assert.Equal(2, m.Queries);
        Assert.Equal((1.0 / 3 + 1.0) / 2, m.RecallAt(2), 12);
        Assert.Equal((2.0 / 3 + 1.0) / 2, m.RecallAt(4), 12);
        double q1At2 = 1 / (1 + 1 / Math.Log2(3));
        double q2At2 = (1 / Math.Log2(3)) / 1;
        Assert.Equal((q1At2 + q2At2) / 2, m.NdcgAt(2), 12);
        double q1At4 = (1 + 1 / Math.Log2(4)) / (1 + 1 / Math.Log2(3) + 1 / Math.Log2(4));
        Assert.Equal((q1At4 + q2At2) / 2, m.NdcgAt(4), 12);
        Assert.Equal(["recall@2", "ndcg@2", "recall@4", "ndcg@4"], m.Named().Select(kv => kv.Key));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.RecallAt(3));
    }

    [Fact]
    public void Ndcg_matches_crosscbrs_definition_when_a_user_has_more_positives_than_the_cut_off()
    {
        // CrossCBR (train.py, get_ndcg): DCG = Σ hit/log2(rank + 1) over ranks 1..k; IDCG = the DCG of min(#positives, k)
        // hits at the top; recall = hits ÷ #positives (not ÷ min(#positives, k)); users without positives are left out.
        var acc = new RelevantSetAccumulator([3]);
        // Five positives {1..5}; ranked 9, 2, 4 → hits at ranks 2 and 3.
        acc.Add([9, 2, 4], i => i is >= 1 and <= 5, 5);
        var m = acc.ToMetrics();
        double dcg = 1 / Math.Log2(3) + 1 / Math.Log2(4);       // 0.63093 + 0.5
        double idcg = 1 + 1 / Math.Log2(3) + 1 / Math.Log2(4);  // 3 = min(5, 3) hits on top
        Assert.Equal(0.4, m.RecallAt(3), 12);                   // 2 ÷ 5
        Assert.Equal(dcg / idcg, m.NdcgAt(3), 12);              // 0.5307...
        Assert.Equal(0.530721, m.NdcgAt(3), 6);
    }

    [Fact]
    public void Merged_accumulators_equal_one_accumulator()
    {
        var one = new RelevantSetAccumulator([1, 3]);
        var a = new RelevantSetAccumulator([1, 3]);
        var b = new RelevantSetAccumulator([1, 3]);
        one.Add([1, 2, 3], i => i == 2, 1);
        one.Add([4, 5, 6], i => i == 4, 2);
        a.Add([1, 2, 3], i => i == 2, 1);
        b.Add([4, 5, 6], i => i == 4, 2);
        a.Merge(b);
        Assert.Equal(one.ToMetrics().Named(12), a.ToMetrics().Named(12));
        Assert.Throws<ArgumentException>(() => a.Merge(new RelevantSetAccumulator([1, 2])));
        Assert.Throws<ArgumentException>(() => new RelevantSetAccumulator([3, 2]));
    }
}
