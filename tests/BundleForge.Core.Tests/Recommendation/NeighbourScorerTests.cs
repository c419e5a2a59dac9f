using BundleForge.Data;
using BundleForge.Recommendation;

namespace BundleForge.Core.Tests.Recommendation;

/// <summary>The neighbour signal of the next-basket ranker: what the customers who buy like the query customer buy.</summary>
public class NeighbourScorerTests
{
    private const long Day = DailyOrderHistory.Day;

    /// <summary>The query customer q buys 0 and 1; n1 and n2 buy like q and also 3; f buys 7 and 8 only.</summary>
    private static UserOrders Stored() => UserOrders.From(
    [
        ("f", History([7, 8], [7])),
        ("n1", History([0, 1, 3], [0, 3])),
        ("n2", History([0, 1], [1, 3])),
        ("q", History([0, 1], [0, 1])),
    ]);

    private static OrderHistory History(params int[][] orders) => DailyOrderHistory.Of(orders);

    [Fact]
    public void The_nearest_customers_items_score_and_the_customer_is_not_their_own_neighbour()
    {
        var users = Stored();
        var scorer = NextBasketModel.ScorerOf(users, 10, new NeighbourSettings { Neighbours = 2 })!;
        var own = new Dictionary<int, float>();
        var sum = new Dictionary<int, float>();
        float share = scorer.Score(users.HistoryOf("q"), own, sum);

        // Two neighbours (n1, n2) are read, not q's own stored vector (identical to the query), not f.
        Assert.Equal(0.5f, share);
        Assert.True(sum.GetValueOrDefault(3) > 0, "item 3, bought by both neighbours");
        Assert.Equal(0f, sum.GetValueOrDefault(7));
        Assert.Equal([0, 1], own.Keys.Order());
    }

    [Fact]
    public void The_neighbour_feature_ranks_what_the_neighbours_bought_above_what_they_did_not()
    {
        var users = Stored();
        var orders = BasketSet.FromLists([[7, 8], [7], [0, 1, 3], [0, 3], [0, 1], [1, 3], [0, 1], [0, 1]],
            [0, 0, 1, 1, 2, 2, 3, 3], [1 * Day, 2 * Day, 1 * Day, 2 * Day, 1 * Day, 2 * Day, 1 * Day, 2 * Day]);
        var signals = ItemSignals.Build(orders, 10, 3 * Day, 30, 10, 200, 10);
        var features = new NextBasketFeatures(signals, null, new NextBasketCandidates(),
            NextBasketModel.ScorerOf(users, 10, new NeighbourSettings { Neighbours = 2 }));
        var set = features.Build(users.HistoryOf("q"), 3 * Day);

        int three = set.IndexOf(3), seven = set.IndexOf(7);
        Assert.True(three >= 0 && seven >= 0, "both items are candidates (3 from the neighbours or co-purchases, 7 as popular)");
        int column = Array.IndexOf(NextBasketFeatures.Names, "neighbour");
        Assert.True(set.RowOf(three)[column] > 0);
        Assert.Equal(0f, set.RowOf(seven)[column]);

        // A ranker that reads only the neighbour feature puts 3 above 7.
        int f = NextBasketFeatures.Count;
        var weights = new float[f];
        weights[column] = 1;
        var ranker = new LinearRanker(new float[f], Enumerable.Repeat(1f, f).ToArray(), weights, 0);
        var model = new NextBasketModel(features, ranker, ranker, default, users, usesItem2Vec: false);
        var top = new int[10];
        int n = model.Rank(users.HistoryOf("q"), 3 * Day, top);
        var list = top.AsSpan(0, n).ToArray();
        Assert.Contains(3, list);
        Assert.True(Array.IndexOf(list, 7) < 0 || Array.IndexOf(list, 3) < Array.IndexOf(list, 7));
    }

    [Fact]
    public void A_stored_customers_kept_ranking_is_the_ranking_of_their_stored_orders_with_the_same_exclusions()
    {
        var users = Stored();
        var orders = BasketSet.FromLists([[7, 8], [7], [0, 1, 3], [0, 3], [0, 1], [1, 3], [0, 1], [0, 1]],
            [0, 0, 1, 1, 2, 2, 3, 3], [1 * Day, 2 * Day, 1 * Day, 2 * Day, 1 * Day, 2 * Day, 1 * Day, 2 * Day]);
        var features = new NextBasketFeatures(ItemSignals.Build(orders, 10, 2 * Day, 30, 10, 200, 10), null, new NextBasketCandidates(),
            NextBasketModel.ScorerOf(users, 10, new NeighbourSettings { Neighbours = 2 }));
        int f = NextBasketFeatures.Count;
        var weights = new float[f];
        weights[Array.IndexOf(NextBasketFeatures.Names, "neighbour")] = 1;
        weights[Array.IndexOf(NextBasketFeatures.Names, "popularity")] = 0.5f;
        var ranker = new LinearRanker(new float[f], Enumerable.Repeat(1f, f).ToArray(), weights, 0);
        var model = new NextBasketModel(features, ranker, ranker, new ExplorePolicy(0.5, 0.3, 1, 6), users, usesItem2Vec: false);
        foreach (var excluded in new[] { -1, 3, 0 })
        {
            Func<int, bool>? exclude = excluded < 0 ? null : i => i == excluded;
            var expected = new int[8];
            int n = model.Rank(users.HistoryOf("q"), model.Now, expected, exclude: exclude);
            for (int call = 0; call < 2; call++)   // the first computes and keeps the ranking, the second reads it
            {
                var top = new int[8];
                Assert.Equal(n, model.RankStored("q", top, exclude: exclude));
                Assert.Equal(expected[..n], top[..n]);
            }
            Assert.DoesNotContain(excluded, expected[..n]);
        }
        Assert.Equal(0, model.RankStored("nobody", new int[8]));
    }

    [Fact]
    public void Without_the_signal_the_feature_is_zero()
    {
        var users = Stored();
        var orders = BasketSet.FromLists([[0, 1], [0, 1, 3]], [3, 1], [1 * Day, 2 * Day]);
        var features = new NextBasketFeatures(ItemSignals.Build(orders, 10, 3 * Day, 30, 10, 200, 10), null, new NextBasketCandidates());
        var set = features.Build(users.HistoryOf("q"), 3 * Day);
        int column = Array.IndexOf(NextBasketFeatures.Names, "neighbour");
        for (int c = 0; c < set.Count; c++)
            Assert.Equal(0f, set.RowOf(c)[column]);
    }
}
