using BundleForge.Bundles;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Strategy;
using BundleForge.Core.Tests.Evaluation.Bundles;

namespace BundleForge.Core.Tests.Bundles.Composition;

public class CompositionCacheTests
{
    private static IReadOnlyList<ComposedBundle> Bundles(int marker) =>
    [
        new ComposedBundle
        {
            Items = [marker, marker + 1], Score = marker, Relevance = 1, Complementarity = 1, Propensity = 0, ListPrice = 10, Cost = 5,
            HasOverstockedItem = false, Pairs = [], ItemSources = [], Personalised = true,
        },
    ];

    [Fact]
    public void SameRequest_IsComposedOnce_OtherCartsUsersItemsOrCountsAreNot()
    {
        var cache = new CompositionCache(100);
        int composed = 0;
        IReadOnlyList<ComposedBundle> Get(UserContext u, int n) => cache.GetOrCompose(u, n, () => Bundles(++composed));
        var first = Get(new UserContext { User = 3, Cart = [1, 2] }, 9);
        Assert.Same(first, Get(new UserContext { User = 3, Cart = [1, 2] }, 9));
        Assert.Equal(1, composed);
        Assert.NotSame(first, Get(new UserContext { User = 3, Cart = [1, 3] }, 9));
        Get(new UserContext { User = 4, Cart = [1, 2] }, 9);
        Get(new UserContext { User = 3, Cart = [1, 2], Anchor = 7 }, 9);
        Get(new UserContext { User = 3, Cart = [1, 2] }, 6);
        Get(new UserContext { User = 3, Cart = [1, 2, 5] }, 9);
        // A purchase since (a longer history) is another request; the same history again is not.
        Get(new UserContext { User = 3, Cart = [1, 2], History = [4] }, 9);
        Get(new UserContext { User = 3, Cart = [1, 2], History = [4, 8] }, 9);
        Get(new UserContext { User = 3, Cart = [1, 2], History = [4, 8] }, 9);
        Assert.Equal(8, composed);
        Assert.Equal(2, cache.Hits);
        Assert.Equal(8, cache.Misses);
    }

    [Fact]
    public void StaysBounded_AndKeepsWhatIsStillAskedFor()
    {
        var cache = new CompositionCache(10);
        int composed = 0;
        var hot = new UserContext { User = 0 };
        var hotBundles = cache.GetOrCompose(hot, 3, () => Bundles(++composed));
        for (int u = 1; u < 1_000; u++)
        {
            cache.GetOrCompose(new UserContext { User = u }, 3, () => Bundles(++composed));
            // The hot request keeps being asked for, so rotation never drops it.
            Assert.Same(hotBundles, cache.GetOrCompose(hot, 3, () => Bundles(++composed)));
        }
        // Cold requests are forgotten: asking for user 1 again composes anew.
        int before = composed;
        cache.GetOrCompose(new UserContext { User = 1 }, 3, () => Bundles(++composed));
        Assert.Equal(before + 1, composed);
        Assert.Equal(1_000, cache.Misses - 1);
    }

    [Fact]
    public void ConcurrentRequests_GetConsistentAnswers()
    {
        var cache = new CompositionCache(100); // the 40 requests fit in one generation (half the capacity)
        var answers = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            int user = k % 40;
            var b = cache.GetOrCompose(new UserContext { User = user }, 3, () => Bundles(user * 10));
            // Whatever was composed or remembered, it is this user's composition.
            Assert.Equal(user * 10, b[0].Items[0]);
            answers.TryAdd(user, 0);
        });
        Assert.Equal(40, answers.Count);
        Assert.Equal(20_000, cache.Hits + cache.Misses);
        Assert.True(cache.Hits > 19_900, $"hits {cache.Hits}");
    }
}

public class CachedEngineTests
{
    [Fact]
    public void Engine_WithTheCache_OffersExactlyWhatItOffersWithout()
    {
        var (_, data, engine) = ShopSimulatorTests.Shop(21, MarketStrategy.Default with { Exploration = false });
        var prices = UserPriceProfile.Build(data.Items);
        var cache = new CompositionCache(1_000);
        int compared = 0;
        for (int u = 0; u < 60; u++)
        {
            var user = UserContext.FromDataset(data, u, anchor: u % 3 == 0 ? u % data.Items.Count : -1, prices: prices);
            var plain = engine.Recommend(user);
            for (int round = 0; round < 2; round++)
            {
                var cached = engine.Recommend(user, cache: cache);
                Assert.Equal(plain.Select(o => string.Join('+', o.Bundle.Items)), cached.Select(o => string.Join('+', o.Bundle.Items)));
                Assert.Equal(plain.Select(o => o.Quote.Point.Price), cached.Select(o => o.Quote.Point.Price));
                compared += cached.Count;
            }
        }
        Assert.True(compared > 100, $"only {compared} offers compared");
        Assert.Equal(60, cache.Misses);
        Assert.Equal(60, cache.Hits);
    }

    [Fact]
    public void Warming_TheSources_ChangesNoAnswer()
    {
        var (_, data, cold) = ShopSimulatorTests.Shop(22, MarketStrategy.Default with { Exploration = false });
        var (_, _, warm) = ShopSimulatorTests.Shop(22, MarketStrategy.Default with { Exploration = false });
        var items = Enumerable.Range(0, data.Items.Count).ToArray();
        Assert.Equal(items.Length, warm.Warm(items));
        Assert.Equal(0, warm.Warm(items, new CancellationToken(canceled: true)));
        var prices = UserPriceProfile.Build(data.Items);
        for (int u = 0; u < 40; u++)
        {
            var user = UserContext.FromDataset(data, u, anchor: u % 2 == 0 ? (u * 7) % data.Items.Count : -1, prices: prices);
            Assert.Equal(cold.Recommend(user).Select(o => string.Join('+', o.Bundle.Items) + "@" + o.Quote.Point.Price),
                warm.Recommend(user).Select(o => string.Join('+', o.Bundle.Items) + "@" + o.Quote.Point.Price));
        }
    }
}
