using BundleForge.Bundles;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Strategy;
using BundleForge.Data;

namespace BundleForge.Core.Tests.Bundles.Composition;

public class ProductVariantsTests
{
    [Theory]
    [InlineData("85123A", "85123")]
    [InlineData("85123a", "85123")]
    [InlineData("85099BB", "85099")]
    [InlineData("22086", "22086")]
    [InlineData("P00042", null)]
    [InlineData("POST", null)]
    [InlineData("12", null)]
    [InlineData("85123ABC", null)]
    [InlineData("15056BL", "15056")]
    public void BaseCode_StripsTheVariantLetters(string id, string? expected) => Assert.Equal(expected, ProductVariants.BaseCode(id));

    /// <summary>Every pair complements strongly, so only the variant rule keeps variants apart.</summary>
    private sealed class AllComplement : IPairScorer
    {
        public PairEvidence Score(int a, int b) => new(0.9f, 0, 30, 5, 0.3f);
    }

    private static ItemCatalog Catalog()
    {
        // 0/1: one lantern in two colours (base code); 2/3: one title under two codes; 4-7: other products.
        string[] ids = ["71053A", "71053B", "22086", "22087", "30001", "30002", "30003", "30004"];
        string?[] titles = ["Lantern white", "Lantern red", "Paper chain kit", "PAPER  CHAIN KIT", "Candle", "Mug", "Tray", "Bag"];
        int n = ids.Length;
        return new ItemCatalog(ids, titles, new string?[n], new string?[n], Enumerable.Repeat(10f, n).ToArray(), Enumerable.Repeat(4f, n).ToArray(),
            Enumerable.Repeat(50, n).ToArray(), false);
    }

    [Fact]
    public void VariantsShareAProduct_ByBaseCodeOrTitle()
    {
        var v = ProductVariants.Of(Catalog());
        Assert.True(v.SameProduct(0, 1));
        Assert.True(v.SameProduct(2, 3));
        Assert.False(v.SameProduct(0, 2));
        Assert.False(v.SameProduct(4, 5));
    }

    [Fact]
    public void WithoutQuantityBundles_NoVariantOrCartItemFillsABundle()
    {
        var catalog = Catalog();
        var pool = CandidatePool.FromScores(Enumerable.Range(0, 8).ToArray(), Enumerable.Repeat(1f, 8).ToArray(), "test");
        var strategy = new MarketStrategy { OnePerCategory = false, MaxBundleSize = 3, BundlesPerRequest = 10 };
        var composer = new BundleComposer(catalog, new AllComplement(), strategy);
        var user = new UserContext { Anchor = 0, Cart = [2] };
        var bundles = composer.Compose(user, pool, 30);
        Assert.NotEmpty(bundles);
        foreach (var b in bundles)
        {
            Assert.Contains(0, b.Items);
            Assert.DoesNotContain(1, b.Items); // the anchor's variant
            Assert.DoesNotContain(2, b.Items); // in the cart
            Assert.DoesNotContain(3, b.Items); // a variant of a cart item
        }
        // No anchor, no cart: still never two variants of one product in a bundle.
        foreach (var b in composer.Compose(new UserContext(), pool, 30))
            Assert.False(b.Items.Contains(0) && b.Items.Contains(1) || b.Items.Contains(2) && b.Items.Contains(3), string.Join(",", b.Items));

        // The strategy may allow quantity bundles: then variants may meet.
        var quantity = new BundleComposer(catalog, new AllComplement(), strategy with { QuantityBundles = true });
        Assert.Contains(quantity.Compose(user, pool, 30), b => b.Items.Contains(1) || b.Items.Contains(2));
    }
}
