using BundleForge.Data;
using BundleForge.Splits;

namespace BundleForge.Core.Tests.Splits;

public class SequenceTimeSplitTests
{
    private const long Day = 86_400;

    [Fact]
    public void Training_is_everything_before_the_cut_and_targets_are_the_first_test_order()
    {
        // user 0: two orders before, then an order of {7, 3} and a later one of {9} in the test period
        // user 1: only before the cut; user 2: only in the test period; user 3: one item before, one after
        int[][] items = [[1, 2, 3, 7, 9], [4, 5], [6], [2, 8]];
        long[][] times = [[0, 10 * Day, 95 * Day, 95 * Day, 99 * Day], [5 * Day, 20 * Day], [98 * Day], [30 * Day, 100 * Day]];
        var offsets = new int[items.Length + 1];
        for (int u = 0; u < items.Length; u++)
            offsets[u + 1] = offsets[u] + items[u].Length;
        var seqs = new UserSequences(offsets, items.SelectMany(x => x).ToArray(), times.SelectMany(x => x).ToArray());

        var split = SequenceTimeSplit.Create(seqs, testDays: 10);

        Assert.Equal(100 * Day - 10 * Day + 1, split.TestStart);
        Assert.Equal([1, 2], split.Train[0].ToArray());
        Assert.Equal([4, 5], split.Train[1].ToArray());
        Assert.Equal(0, split.Train.LengthOf(2));
        Assert.Equal([2], split.Train[3].ToArray());
        Assert.Equal([0, 3], split.Users);
        Assert.Equal([3, 7], split.TargetsOf(0).ToArray());   // the first test order only, distinct and ascending
        Assert.Equal([1, 2], split.HistoryOf(0).ToArray());
        Assert.Equal([8], split.TargetsOf(1).ToArray());
        Assert.Equal(1, split.BuyersWithoutHistory);
        // No test-period purchase leaks into training.
        Assert.All(split.Train.Time, t => Assert.True(t < split.TestStart));
    }

    [Fact]
    public void A_cut_with_no_user_on_both_sides_is_a_user_error()
    {
        var seqs = new UserSequences([0, 2], [1, 2], [0, Day]);
        Assert.Throws<DataException>(() => SequenceTimeSplit.Create(seqs, testDays: 30));
        Assert.Throws<DataException>(() => SequenceTimeSplit.Create(seqs, testDays: 0));
    }
}
