using BundleForge.Data;

namespace BundleForge.Core.Tests.Data;

public class BasketSetTests
{
    [Fact]
    public void FromLists_DeduplicatesAndSortsEachBasket()
    {
        var b = BasketSet.FromLists([[3, 1, 3], [], [2]]);
        Assert.Equal(3, b.Count);
        Assert.Equal([1, 3], b[0].ToArray());
        Assert.Equal(0, b.SizeOf(1));
        Assert.Equal([2], b[2].ToArray());
    }

    [Fact]
    public void Where_KeepsOnlySelectedBasketsWithTheirUsersAndTimes()
    {
        var b = BasketSet.FromLists([[1], [2, 3], [4]], user: [7, 8, 9], time: [10, 20, 30]);
        var kept = b.Where(i => i != 1);
        Assert.Equal(2, kept.Count);
        Assert.Equal([4], kept[1].ToArray());
        Assert.Equal([7, 9], kept.User);
        Assert.Equal([10L, 30L], kept.Time);
    }
}
