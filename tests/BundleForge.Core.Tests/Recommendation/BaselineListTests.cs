using BundleForge.Data;
using BundleForge.Recommendation;

namespace BundleForge.Core.Tests.Recommendation;

/// <summary>A baseline's list over the candidates, as the next-basket model serves it when a baseline won the fitting
/// period: items scoring above zero by score, then the rest by popularity.</summary>
public class BaselineListTests
{
    [Fact]
    public void The_tifu_list_orders_by_its_score_then_fills_with_popular_items()
    {
        // Items 0..5; orders before "now": item 4 in every order (most popular), item 5 in two, the others once.
        var baskets = BasketSet.FromLists([[4, 5, 0], [4, 5, 1], [4, 2], [4, 3]], [0, 0, 1, 1], [0, 10, 20, 30]);
        var signals = ItemSignals.Build(baskets, 6, 100, 30, 10, 200, 10);
        var set = new CandidateSet();
        foreach (var i in new[] { 0, 1, 2, 3, 4, 5 })
            set.Add(i, i < 2 ? CandidateSource.Repeat : CandidateSource.Popular);
        set.AllocateFeatures();
        // TIFU scores: item 1 > item 3 > item 0; items 2, 4, 5 score nothing.
        set.RowOf(1)[NextBasketFeatures.TifuKnnFeature] = 0.9f;
        set.RowOf(3)[NextBasketFeatures.TifuKnnFeature] = 0.5f;
        set.RowOf(0)[NextBasketFeatures.TifuKnnFeature] = 0.1f;
        var ranked = BaselineList.Rank(set, ServedList.TifuKnn, null, signals);
        var top = new int[6];
        int n = ExploreQuota.Take(ranked, default, null, top);
        Assert.Equal([1, 3, 0, 4, 5, 2], top[..n]);
        // Popularity alone: by orders holding the item, ties to the smaller id.
        n = ExploreQuota.Take(BaselineList.Rank(set, ServedList.Popularity, null, signals), default, i => i == 5, top);
        Assert.Equal([4, 0, 1, 2, 3], top[..n]);
    }
}
