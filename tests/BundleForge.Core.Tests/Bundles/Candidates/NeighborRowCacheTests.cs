using BundleForge.Bundles.Candidates;
using BundleForge.Embeddings;

namespace BundleForge.Core.Tests.Bundles.Candidates;

public class NeighborRowCacheTests
{
    private static Neighbor[] Row(int item, int k) => Enumerable.Range(0, Math.Min(k, 30)).Select(j => new Neighbor(item * 100 + j, 30 - j)).ToArray();

    [Fact]
    public void ComputesEachRowOnce_AndAnswersPrefixes()
    {
        int calls = 0;
        var cache = new NeighborRowCache(5, 20, (i, k) => { calls++; return Row(i, k); });
        Assert.Equal(Row(3, 5), cache.Get(3, 5).ToArray());
        Assert.Equal(Row(3, 20), cache.Get(3, 20).ToArray());
        Assert.Equal(1, calls);
        // Deeper than the cache keeps: computed directly, the cached row is not replaced.
        Assert.Equal(Row(3, 25), cache.Get(3, 25).ToArray());
        Assert.Equal(2, calls);
        Assert.Equal(Row(3, 7), cache.Get(3, 7).ToArray());
        Assert.Equal(2, calls);
    }

    [Fact]
    public void ShortRows_AreReturnedWhole()
    {
        var cache = new NeighborRowCache(2, 10, (i, k) => Row(i, Math.Min(k, 3)));
        Assert.Equal(3, cache.Get(1, 8).Length);
    }

    [Fact]
    public void Warm_ComputesAheadOnce_AndRequestsThenComputeNothing()
    {
        int calls = 0;
        var cache = new NeighborRowCache(4, 10, (i, k) => { calls++; return Row(i, k); });
        cache.Warm(2);
        cache.Warm(2);
        Assert.Equal(1, calls);
        Assert.Equal(Row(2, 4), cache.Get(2, 4).ToArray());
        Assert.Equal(1, calls);
    }
}
