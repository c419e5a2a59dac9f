using BundleForge.Data;
using BundleForge.Splits;

namespace BundleForge.Core.Tests.Splits;

public class NextBasketSplitTests
{
    private const long Day = 86_400;

    /// <summary>Orders of four users and one anonymous order over 100 days.</summary>
    private static BasketSet Orders() => BasketSet.FromLists(
        [[1, 2], [2, 3], [7, 3], [9], [4, 5], [6], [2], [8], [1, 4], [5]],
        //  u0 d0   u0 d50  u0 d95  u0 d99 u1 d5  u2 d98 u3 d30 u3 d100 anon d96 u1 d70
        [0, 0, 0, 0, 1, 2, 3, 3, -1, 1],
        [0, 50 * Day, 95 * Day, 99 * Day, 5 * Day, 98 * Day, 30 * Day, 100 * Day, 96 * Day, 70 * Day]);

    [Fact]
    public void Cases_are_customers_with_a_history_and_targets_their_first_order_in_the_period()
    {
        var split = NextBasketSplit.Create(Orders(), itemCount: 10, userCount: 4, days: 10);

        Assert.Equal(100 * Day - 10 * Day + 1, split.Cut);
        Assert.Equal([0, 3], split.Users);
        Assert.Equal([3, 7], split.TargetsOf(0).ToArray());    // the first order in the period, not the later {9}
        Assert.Equal([8], split.TargetsOf(1).ToArray());
        Assert.Equal(1, split.BuyersWithoutHistory);            // user 2 ordered only in the period
        Assert.Equal([0, 1], split.BasketsOf(0).ToArray());     // chronological, nothing from the period
        Assert.Equal([4, 9], split.BasketsOf(1).ToArray());
        Assert.All(split.History.Time, t => Assert.True(t < split.Cut));
        Assert.Equal(5, split.History.Count);                   // every order before the cut (the anonymous one is at day 96)
    }

    [Fact]
    public void The_validation_period_is_the_same_length_just_before_the_cut_and_sees_nothing_after_it()
    {
        var test = NextBasketSplit.Create(Orders(), 10, 4, days: 10);
        var validation = test.Earlier(45);

        Assert.Equal(test.Cut - 45 * Day, validation.Cut);
        Assert.Equal(test.Cut, validation.End);
        // user 0 ordered at day 50 (history: day 0), user 1 at day 70 (history: day 5); user 3's day-30 order is before the period.
        Assert.Equal([0, 1], validation.Users);
        Assert.Equal([2, 3], validation.TargetsOf(0).ToArray());
        Assert.Equal([5], validation.TargetsOf(1).ToArray());
        Assert.Equal([0], validation.BasketsOf(0).ToArray());
    }

    [Fact]
    public void A_period_nobody_ordered_before_and_in_is_a_user_error()
    {
        var orders = BasketSet.FromLists([[1], [2]], [0, 1], [0, 100 * Day]);
        var e = Assert.Throws<DataException>(() => NextBasketSplit.Create(orders, 3, 2, days: 10));
        Assert.Contains("ordered both before and during", e.Message);
    }
}
