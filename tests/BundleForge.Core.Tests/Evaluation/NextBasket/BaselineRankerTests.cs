using BundleForge.Data;
using BundleForge.Evaluation.NextBasket;
using BundleForge.Recommendation;
using BundleForge.Splits;

namespace BundleForge.Core.Tests.Evaluation.NextBasket;

/// <summary>personal_top and TIFU-KNN on hand-made orders whose lists can be worked out on paper.</summary>
public class BaselineRankerTests
{
    private const long Day = 86_400;

    /// <summary>u0: {1} d0, {2} d10, {1,3} d20; u1: {1,3} d15; u2: {8} d15; everyone orders {5} on day 100.</summary>
    private static NextBasketSplit Split() => NextBasketSplit.Create(BasketSet.FromLists(
        [[1], [2], [1, 3], [1, 3], [8], [5], [5], [5]],
        [0, 0, 0, 1, 2, 0, 1, 2],
        [0, 10 * Day, 20 * Day, 15 * Day, 15 * Day, 100 * Day, 100 * Day, 100 * Day]), itemCount: 10, userCount: 3, days: 10);

    [Fact]
    public void Tifu_knn_weights_orders_within_and_across_groups_as_the_paper_does()
    {
        // Group size 2 from the most recent back: {d20, d10} then {d0}. Weights: d20 = 1/2 · 1 / 2 groups = 0.25,
        // d10 = 0.5/2 · 1 / 2 = 0.125, d0 = 1/1 · 0.5 / 2 = 0.25. Item 1 = 0.5, item 3 = 0.25, item 2 = 0.125.
        var split = Split();
        var own = TifuKnn.Build(split, new TifuKnnParameters(GroupSize: 2, WithinDecay: 0.5, GroupDecay: 0.5, Neighbours: 1, Alpha: 1));
        var top = new int[5];
        Assert.Equal(5, own.Rank(0, top));
        Assert.Equal([1, 3, 2], top[..3]);

        // With α = 0 only the nearest user counts: u1 ({1, 3}, distance² 0.83) is nearer to u0 than u2 ({8}, 1.33).
        var neighbour = TifuKnn.Build(split, new TifuKnnParameters(2, 0.5, 0.5, Neighbours: 1, Alpha: 0));
        neighbour.Rank(0, top);
        Assert.Equal([1, 3], top[..2]);
        Assert.Equal(2, top[2]);   // then popularity: item 2 (one order) before item 8 (one order, higher id)
    }

    [Fact]
    public void Tifu_knn_tuning_only_reads_the_validation_split_and_reports_what_it_tried()
    {
        var split = Split();
        var grid = new TifuKnnGrid { GroupSizes = [1, 2], WithinDecays = [1], GroupDecays = [1], Neighbours = [1], Alphas = [0.5, 1] };
        var (best, ndcg, tried) = TifuKnn.Tune(split, grid, threads: 1);
        Assert.Equal(4, tried);
        Assert.Contains(best.GroupSize, new[] { 1, 2 });
        Assert.InRange(ndcg, 0, 1);
    }

    [Fact]
    public void Personal_top_ranks_own_items_by_decayed_frequency_and_the_half_life_decides_the_order()
    {
        // Item 1 twice long ago (days 0 and 10), item 2 once lately (day 85; the cut is day 90): a week's half-life
        // puts item 2 first, ten years' (nearly plain frequency) item 1.
        var split = NextBasketSplit.Create(BasketSet.FromLists(
            [[1], [1], [2], [5]], [0, 0, 0, 0], [0, 10 * Day, 85 * Day, 100 * Day]), itemCount: 10, userCount: 1, days: 10);
        var top = new int[4];
        new PersonalTopRanker(split, halfLifeDays: 7).Rank(0, top);
        Assert.Equal([2, 1], top[..2]);
        new PersonalTopRanker(split, halfLifeDays: 3650).Rank(0, top);
        Assert.Equal([1, 2], top[..2]);
        // The rest of the list is filled with popular items the customer has not had yet.
        Assert.DoesNotContain(top[2], new[] { 1, 2 });
    }
}
