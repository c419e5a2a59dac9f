using BundleForge.Data;
using BundleForge.Evaluation.NextItem;
using BundleForge.Splits;

namespace BundleForge.Core.Tests.Evaluation.NextItem;

public class PopularityBaselineTests
{
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
