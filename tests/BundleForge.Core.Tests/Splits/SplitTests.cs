using BundleForge.Data;
using BundleForge.Splits;

namespace BundleForge.Core.Tests.Splits;

public class SplitTests
{
    [Fact]
    public void TimeSplit_LastDaysAreTest_TheDaysBeforeValidation()
    {
        const long day = 86_400;
        var times = new long[] { 0, 10 * day, 40 * day, 70 * day, 95 * day, 100 * day };
        var baskets = BasketSet.FromLists(times.Select((_, i) => new[] { i }).ToList(), time: times);
        var s = TimeSplit.Create(baskets, testDays: 30, validDays: 30);
        Assert.Equal([0L, 10 * day, 40 * day], s.Train.Time);
        Assert.Equal([70 * day], s.Valid.Time);
        Assert.Equal([95 * day, 100 * day], s.Test.Time);
        Assert.Equal(s.Train.Count + s.Valid.Count + s.Test.Count, baskets.Count);
    }

    [Fact]
    public void LeaveLastOut_LastIsTest_SecondToLastIsValidation()
    {
        var seq = new UserSequences([0, 4, 6], [1, 2, 3, 4, 7, 8], new long[6]);
        var l = LeaveLastOut.Create(seq);
        Assert.True(l.IsEvaluable(0));
        Assert.False(l.IsEvaluable(1));
        Assert.Equal([1, 2], l.TrainOf(0).ToArray());
        Assert.Equal(3, l.ValidTargetOf(0));
        Assert.Equal(4, l.TestTargetOf(0));
        Assert.Equal([1, 2, 3], l.TestHistoryOf(0).ToArray());
        Assert.Equal([7, 8], l.TrainOf(1).ToArray());
    }
}
