using BundleForge.Bundles;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Strategy;
using BundleForge.Data;
using BundleForge.Evaluation.Synthetic;

namespace BundleForge.Core.Tests.Bundles.Composition;

public class BundleComposerTests
{
    /// <summary>Every pair complements (bought together in 40 baskets where 10 were expected, significantly more often
    /// than chance, as a cold visitor's bundle needs); chosen pairs are substitutes with a tempting complementarity.</summary>
    private sealed class TableScorer(HashSet<(int, int)> substitutes, float complement = 0.5f) : IPairScorer
    {
        public PairEvidence Score(int a, int b)
        {
            var key = (Math.Min(a, b), Math.Max(a, b));
            return substitutes.Contains(key) ? new PairEvidence(1f, 0.9f, 50, 5, 0.5f) : new PairEvidence(complement, 0, 40, 4, 0.1f);
        }
    }

    private static ItemCatalog Catalog(int n, Func<int, string>? category = null, int[]? stock = null)
    {
        var price = Enumerable.Repeat(20f, n).ToArray();
        var cost = Enumerable.Repeat(10f, n).ToArray();
        return BundleTestData.Catalog(price, cost, Enumerable.Range(0, n).Select(i => category?.Invoke(i)).ToArray(), stock);
    }

    private static CandidatePool Uniform(int n) => CandidatePool.FromScores(Enumerable.Range(0, n).ToArray(), Enumerable.Repeat(1f, n).ToArray(), "test");

    private static CandidatePool Ranked(int n) =>
        CandidatePool.FromScores(Enumerable.Range(0, n).ToArray(), Enumerable.Range(0, n).Select(i => 1f / (1 + i)).ToArray(), "test");

    /// <summary>Proposes fixed items with fixed scores and evidence (what a candidate source hands the pool).</summary>
    private sealed class FixedSource(string name, (int Item, float Score, SignalEvidence Evidence)[] items) : ICandidateSource
    {
        public string Name => name;

        public void Collect(UserContext user, int max, List<Candidate> into)
        {
            foreach (var (i, s, e) in items)
                into.Add(new Candidate(i, s, name, e));
        }
    }

    /// <summary>Items 0–5 established, 6–9 new products (proposed from their text), all as relevant and complementary.</summary>
    private static CandidatePool WithNewProducts()
    {
        var established = new FixedSource("test", Enumerable.Range(0, 6).Select(i => (i, 1f, new SignalEvidence(EvidenceKind.BestSeller))).ToArray());
        var fresh = new FixedSource(NewItemCandidateSource.SourceName, Enumerable.Range(6, 4).Select(i => (i, 1f, new SignalEvidence(EvidenceKind.NewProduct, 0))).ToArray());
        // The new products are also proposed by another source, as a best seller: they stay marked new.
        var also = new FixedSource("popular", Enumerable.Range(6, 4).Select(i => (i, 1f, new SignalEvidence(EvidenceKind.BestSeller))).ToArray());
        return CandidatePool.Collect([established, fresh, also], new UserContext(), 100);
    }

    [Fact]
    public void A_bundle_holds_one_new_product_at_most_and_none_when_the_options_say_so()
    {
        var strategy = new MarketStrategy { MaxBundleSize = 4, BundlesPerRequest = 10 };
        var pool = WithNewProducts();
        for (int k = 0; k < pool.Count; k++)
            Assert.Equal(pool.Items[k] >= 6 ? EvidenceKind.NewProduct : EvidenceKind.BestSeller, pool.Evidence[k].Kind);

        var bundles = new BundleComposer(Catalog(10), new TableScorer([]), strategy).Compose(new UserContext(), pool, 30);
        Assert.True(bundles.Count >= 10, $"{bundles.Count} bundles");
        Assert.Contains(bundles, b => b.Items.Any(i => i >= 6));
        foreach (var b in bundles)
        {
            int fresh = b.Items.Count(i => i >= 6);
            Assert.True(fresh <= 1, $"[{string.Join(",", b.Items)}] holds {fresh} new products");
            for (int k = 0; k < b.Items.Length; k++)
                Assert.Equal(b.Items[k] >= 6, b.IsNewAt(k));
        }

        var none = new BundleComposer(Catalog(10), new TableScorer([]), strategy, new ComposerOptions { MaxNewItemsPerBundle = 0 })
            .Compose(new UserContext(), pool, 30);
        Assert.NotEmpty(none);
        Assert.All(none, b => Assert.DoesNotContain(b.Items, i => i >= 6));
    }

    [Fact]
    public void SubstitutesNeverShareABundle_EvenWhenTheyLookBest()
    {
        var subs = new HashSet<(int, int)> { (0, 1), (0, 2), (1, 2), (3, 4) };
        var composer = new BundleComposer(Catalog(12), new TableScorer(subs), new MarketStrategy { MaxBundleSize = 4, BundlesPerRequest = 10 });
        var bundles = composer.Compose(new UserContext(), Ranked(12), 20);
        Assert.NotEmpty(bundles);
        foreach (var b in bundles)
            foreach (var (x, y) in subs)
                Assert.False(b.Items.Contains(x) && b.Items.Contains(y), $"substitutes {x},{y} in [{string.Join(",", b.Items)}]");
    }

    [Fact]
    public void StrategyRules_AreRespected()
    {
        string Cat(int i) => i % 3 == 0 ? "Food>Fresh" : i % 3 == 1 ? "Cleaning>Soap" : "Home>Decor>Item" + i;
        var stock = Enumerable.Range(0, 30).Select(i => i == 5 ? 0 : 100).ToArray();
        var catalog = Catalog(30, Cat, stock);
        var strategy = new MarketStrategy
        {
            MinBundleSize = 2,
            MaxBundleSize = 3,
            MinStockUnits = 1,
            ForbiddenCategoryPairs = [("Food", "Cleaning")],
            BlockedItems = ["I7"],
            OnePerCategory = true,
        };
        var composer = new BundleComposer(catalog, new TableScorer([]), strategy);
        var bundles = composer.Compose(new UserContext(), Ranked(30), 30);
        Assert.True(bundles.Count >= 10);
        foreach (var b in bundles)
        {
            Assert.InRange(b.Items.Length, 2, 3);
            Assert.DoesNotContain(5, b.Items);
            Assert.DoesNotContain(7, b.Items);
            var cats = b.Items.Select(i => catalog.Categories[i]!).ToArray();
            Assert.Equal(cats.Length, cats.Distinct().Count());
            Assert.False(cats.Any(c => c.StartsWith("Food")) && cats.Any(c => c.StartsWith("Cleaning")), string.Join(";", cats));
        }
    }

    [Fact]
    public void AllowedPairs_RestrictEveryPair()
    {
        string Cat(int i) => (i % 3) switch { 0 => "Home>A", 1 => "Kitchen>B", _ => "Garden>C" };
        var catalog = Catalog(30, Cat);
        var strategy = new MarketStrategy { AllowedCategoryPairs = [("Home", "Kitchen")], OnePerCategory = true };
        var bundles = new BundleComposer(catalog, new TableScorer([]), strategy).Compose(new UserContext(), Ranked(30), 10);
        Assert.NotEmpty(bundles);
        foreach (var b in bundles)
        {
            Assert.Equal(2, b.Items.Length);
            Assert.Equal(["Home>A", "Kitchen>B"], b.Items.Select(i => catalog.Categories[i]!).Order().ToArray());
        }
    }

    [Fact]
    public void AnswerIsDiverse_AndOwnedItemsAreLeftOutUnlessRepeated()
    {
        var catalog = Catalog(40);
        var composer = new BundleComposer(catalog, new TableScorer([]), new MarketStrategy { OnePerCategory = false });
        var user = new UserContext { User = 0, History = [0, 1, 1] };
        var gentle = CandidatePool.FromScores(Enumerable.Range(0, 40).ToArray(), Enumerable.Range(0, 40).Select(i => 1f - i / 100f).ToArray(), "test");
        var bundles = composer.Compose(user, gentle, 3);
        Assert.Equal(3, bundles.Count);
        Assert.All(bundles, b => Assert.DoesNotContain(0, b.Items));
        Assert.Contains(bundles, b => b.Items.Contains(1)); // bought twice: a repeat purchase, still offered
        for (int a = 0; a < bundles.Count; a++)
            for (int b = a + 1; b < bundles.Count; b++)
                Assert.NotEqual(bundles[a].Items, bundles[b].Items);
        Assert.True(bundles.SelectMany(b => b.Items).Distinct().Count() >= 5, "MMR should spread the bundles over many items");
    }

    [Fact]
    public void BundleBelowTheMarginFloorAtList_IsNeverComposed()
    {
        var price = Enumerable.Repeat(10f, 10).ToArray();
        var cost = Enumerable.Range(0, 10).Select(i => i < 5 ? 9.5f : 4f).ToArray();
        var catalog = BundleTestData.Catalog(price, cost);
        var bundles = new BundleComposer(catalog, new TableScorer([]), new MarketStrategy { MarginFloor = 0.3, MaxBundleSize = 2 })
            .Compose(new UserContext(), Uniform(10), 50);
        Assert.NotEmpty(bundles);
        Assert.All(bundles, b => Assert.True(b.ListMargin >= 0.3));
    }

    [Fact]
    public void OnAGeneratedShop_TheAnchorGetsItsPlantedComplements()
    {
        var (shop, data) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 2_000, Items = 400, Orders = 25_000, Seed = 21 });
        var pairs = CooccurrencePairScorer.Build(data.Baskets, shop.ItemCount, data.Items);
        var composer = new BundleComposer(data.Items, pairs, new MarketStrategy { MinStockUnits = 0, MarginFloor = 0 });
        var pool = Uniform(shop.ItemCount);
        int hits = 0;
        foreach (var planted in shop.Bundles)
        {
            var top = composer.Compose(new UserContext { Anchor = planted[0] }, pool, 1);
            Assert.Single(top);
            Assert.Contains(planted[0], top[0].Items);
            // The answer is the planted bundle or a part of it (a 3-item bundle may come back as its strongest pair).
            if (top[0].Items.All(planted.Contains))
                hits++;
        }
        Assert.Equal(shop.Bundles.Length, hits);
    }

    [Fact]
    public void CooccurrenceScorer_FlagsPlantedSubstitutes()
    {
        // Fewer items and more orders than above, so that a chance co-purchase of two popular substitutes would be
        // expected dozens of times and its absence is strong evidence.
        var (shop, data) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 5_000, Items = 200, Orders = 60_000, Seed = 21 });
        var pairs = CooccurrencePairScorer.Build(data.Baskets, shop.ItemCount, data.Items);
        foreach (var (a, b) in shop.Substitutes)
        {
            var e = pairs.Score(a, b);
            Assert.True(e.Substitutability >= 0.5f, $"substitutes {a},{b}: {e}");
            Assert.Equal(0f, e.Complementarity);
        }
        foreach (var planted in shop.Bundles)
        {
            var e = pairs.Score(planted[0], planted[1]);
            Assert.True(e.Complementarity > 0.5f && e.Lift > 10, $"bundle {planted[0]},{planted[1]}: {e}");
            Assert.Equal(e, pairs.Score(planted[1], planted[0]));
        }
    }
}
