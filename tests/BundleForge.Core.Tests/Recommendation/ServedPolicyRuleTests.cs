using BundleForge.Recommendation;

namespace BundleForge.Core.Tests.Recommendation;

/// <summary>The rule that keeps the next-basket model from serving a loser: the ranker is served only with an explore
/// policy that reaches the best baseline on the fitting period, otherwise that baseline's list.</summary>
public class ServedPolicyRuleTests
{
    private static readonly PolicyTrial Popularity = new(default, 0.10, 0.08, 0.20, 0.030, 0.030);

    private static PolicyTrial Trial(double boost, double ndcg, double recall, double exploreScale) =>
        new(new ExplorePolicy(boost, 0), ndcg, recall, 0.20 * exploreScale, 0.030 * exploreScale, 0.030 * exploreScale);

    private static readonly BaselineTrial[] Baselines =
    [
        new(ServedList.Popularity, 0.10, 0.08),
        new(ServedList.PersonalTop, 0.26, 0.26, HalfLifeDays: 30),
        new(ServedList.TifuKnn, 0.30, 0.28),
    ];

    [Fact]
    public void A_ranker_below_the_best_baseline_on_every_policy_serves_that_baseline()
    {
        var trials = new[] { Trial(0, 0.29, 0.30, 0.2), Trial(1, 0.25, 0.27, 1.5) };
        var (served, explore) = ServedPolicyRule.Pick(trials, Popularity, Baselines, margin: 1.1);
        Assert.Equal(ServedList.TifuKnn, served.List);
        Assert.Equal(default, explore);
    }

    [Fact]
    public void A_ranker_that_beats_on_ndcg_but_not_on_recall_does_not_serve()
    {
        var trials = new[] { Trial(0, 0.31, 0.27, 0.2) };
        Assert.Equal(ServedList.TifuKnn, ServedPolicyRule.Pick(trials, Popularity, Baselines, 1.1).Served.List);
    }

    [Fact]
    public void The_best_baseline_sets_the_bar_and_its_half_life_is_kept()
    {
        var weakTifu = new[] { Baselines[0], Baselines[1], new BaselineTrial(ServedList.TifuKnn, 0.20, 0.20) };
        var (served, _) = ServedPolicyRule.Pick([Trial(0, 0.21, 0.21, 1)], Popularity, weakTifu, 1.1);
        Assert.Equal(ServedList.PersonalTop, served.List);
        Assert.Equal(30, served.HalfLifeDays);
    }

    [Fact]
    public void A_ranker_that_reaches_the_bar_serves_with_the_explore_policy_picked_among_the_policies_that_reach_it()
    {
        // Boost 2 finds new items best but falls below TIFU-KNN; boost 1 finds them as well as popularity (with the
        // margin) and stays above it; boost 0 is the best whole-basket list but finds nothing new.
        var trials = new[] { Trial(0, 0.33, 0.31, 0.2), Trial(1, 0.31, 0.29, 1.2), Trial(2, 0.28, 0.27, 2.0) };
        var (served, explore) = ServedPolicyRule.Pick(trials, Popularity, Baselines, margin: 1.1);
        Assert.Equal(ServedList.Ranker, served.List);
        Assert.Equal(1, explore.Boost);
        // Without the bar the explore rule alone would pick the same boost 1 here, and boost 2 when it is cheap enough.
        var cheap = new[] { Trial(0, 0.33, 0.31, 0.2), Trial(1, 0.31, 0.29, 1.2), Trial(2, 0.32, 0.30, 2.0) };
        Assert.Equal(2, ServedPolicyRule.Pick(cheap, Popularity, Baselines, 1.1).Explore.Boost);
    }

    [Fact]
    public void Without_baselines_the_explore_rule_alone_decides()
    {
        var trials = new[] { Trial(0, 0.05, 0.05, 0.2), Trial(1, 0.04, 0.04, 1.2) };
        var (served, explore) = ServedPolicyRule.Pick(trials, Popularity, [], 1.1);
        Assert.Equal(ServedList.Ranker, served.List);
        Assert.Equal(1, explore.Boost);
    }
}
