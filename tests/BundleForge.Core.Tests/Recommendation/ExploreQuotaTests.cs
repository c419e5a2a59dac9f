using BundleForge.Recommendation;

namespace BundleForge.Core.Tests.Recommendation;

/// <summary>Where the explore quota puts items new to the customer, and how the policy is chosen.</summary>
public class ExploreQuotaTests
{
    /// <summary>Items 0–9 bought before (scores 10 down to 1), items 20–29 new (scores −1 down to −10): the plain
    /// order lists every repeat first.</summary>
    private static CandidateSet Set()
    {
        var set = new CandidateSet();
        for (int i = 0; i < 10; i++)
            set.Add(i, CandidateSource.Repeat);
        for (int i = 20; i < 30; i++)
            set.Add(i, CandidateSource.Popular);
        set.AllocateFeatures();
        for (int c = 0; c < set.Count; c++)
            set.RowOf(c)[0] = set.Items[c] < 10 ? 10 - set.Items[c] : 19 - set.Items[c];
        return set;
    }

    private static LinearRanker FirstFeature()
    {
        int f = NextBasketFeatures.Count;
        var weights = new float[f];
        weights[0] = 1;
        return new LinearRanker(new float[f], Enumerable.Repeat(1f, f).ToArray(), weights, 0);
    }

    private static int[] List(ExplorePolicy policy, int length = 10)
    {
        var top = new int[length];
        int n = ExploreQuota.Select(Set(), FirstFeature(), FirstFeature(), policy, null, top);
        return top[..n];
    }

    [Fact]
    public void Without_a_quota_the_likeliest_items_come_first()
    {
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], List(new ExplorePolicy(0, 0)));
    }

    [Fact]
    public void The_quota_counts_from_the_start_so_the_first_places_stay_with_the_likeliest_items()
    {
        // From the top: ⌊p × 0.5⌋ new by place p, so the 2nd, 4th, ... places are new.
        Assert.Equal([0, 20, 1, 21, 2, 22, 3, 23, 4, 24], List(new ExplorePolicy(0, 0.5)));
        // Start 4: ⌊(p − 4) × 0.5⌋ new by place p, so the first new item is 6th, then 8th and 10th.
        Assert.Equal([0, 1, 2, 3, 4, 20, 5, 21, 6, 22], List(new ExplorePolicy(0, 0.5, 4)));
    }

    [Fact]
    public void Past_the_depth_the_main_ranker_alone_orders_the_rest()
    {
        // A boost that lifts every new item above every repeat: over the whole list the repeats leave the top 10;
        // with depth 4 only the first 4 places go to new items and the repeats follow.
        Assert.Equal([20, 21, 22, 23, 24, 25, 26, 27, 28, 29], List(new ExplorePolicy(100, 0)));
        Assert.Equal([20, 21, 22, 23, 0, 1, 2, 3, 4, 5], List(new ExplorePolicy(100, 0, Depth: 4)));
    }

    [Fact]
    public void The_rule_picks_the_best_whole_basket_list_among_those_finding_new_items_as_well_as_popularity()
    {
        var popularity = new PolicyTrial(default, 0.07, 0.05, 0.15, 0.024, 0.028);
        PolicyTrial[] trials =
        [
            new(new ExplorePolicy(0, 0), 0.30, 0.26, 0.01, 0.002, 0.010),       // best NDCG, finds nothing new
            new(new ExplorePolicy(0, 0.3), 0.27, 0.24, 0.20, 0.026, 0.040),     // finds as well: a candidate
            new(new ExplorePolicy(0, 0.3, 2), 0.28, 0.25, 0.18, 0.025, 0.030),  // finds as well, better NDCG: chosen
            new(new ExplorePolicy(1, 0.1, 4), 0.29, 0.25, 0.16, 0.023, 0.030),  // better NDCG, explore NDCG below popularity
        ];
        Assert.Equal(new ExplorePolicy(0, 0.3, 2), ExplorePolicyRule.Pick(trials, popularity));

        // A margin asks more than popularity's figures: (0, 0.3, 2) falls short of 1.05 × its explore NDCG.
        Assert.Equal(new ExplorePolicy(0, 0.3), ExplorePolicyRule.Pick(trials, popularity, margin: 1.05));

        // When none finds new items as well as popularity, the one finding them best.
        PolicyTrial[] weak = [trials[0], trials[3]];
        Assert.Equal(new ExplorePolicy(1, 0.1, 4), ExplorePolicyRule.Pick(weak, popularity));
    }
}
