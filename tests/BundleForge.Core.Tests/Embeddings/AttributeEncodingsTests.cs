using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Privacy;

namespace BundleForge.Core.Tests.Embeddings;

public class AttributeEncodingsTests
{
    [Fact]
    public void Categories_brands_price_bands_and_tokens_are_encoded()
    {
        var catalog = new ItemCatalog(
            ["a", "b", "c", "d"],
            ["Red Ceramic Mug", "Blue ceramic MUG, large", "Garden Hose 20m", null],
            ["Home>Kitchen>Mugs", "Home>Kitchen>Mugs", "Garden>Hoses", null],
            ["Acme", "acme", "HoseCo", null],
            [2f, 4f, 30f, float.NaN], [1f, 2f, 15f, float.NaN], [-1, -1, -1, -1], true);
        var e = AttributeEncodings.Build(catalog, priceBands: 2);
        Assert.Equal(3, e.CategoryLevels.Count);
        Assert.Equal(e.ItemCategory[0], e.ItemCategory[1]);
        Assert.NotEqual(e.ItemCategory[0][0], e.ItemCategory[2][0]);
        Assert.Equal(-1, e.ItemCategory[2][2]);
        Assert.Equal(e.LeafOf(0), e.LeafOf(1));
        Assert.NotEqual(e.LeafOf(0), e.LeafOf(2));
        Assert.Equal(-1, e.LeafOf(3));
        Assert.Equal(e.ItemBrand[0], e.ItemBrand[1]); // brand matching ignores case
        Assert.Equal(-1, e.ItemBrand[3]);
        Assert.Equal(-1, e.ItemPriceBand[3]);
        Assert.True(e.ItemPriceBand[0] < e.ItemPriceBand[2]);
        Assert.Equal(["ceramic", "mug"], e.Tokens.Order());
        Assert.Equal(2, e.ItemTokens[0].Length);
        Assert.Empty(e.ItemTokens[2]); // words of one item only are not in the vocabulary
    }

    [Fact]
    public void Tokenizer_lowercases_and_drops_numbers_and_function_words()
    {
        Assert.Equal(["white", "hanging", "heart", "light", "holder"], TitleTokenizer.Tokenize("WHITE HANGING HEART T-LIGHT HOLDER"));
        Assert.Equal(["mug", "ml"], TitleTokenizer.Tokenize("Mug of the 300 ml"));
        Assert.Empty(TitleTokenizer.Tokenize(null));
    }

    [Fact]
    public void Profile_vector_leans_to_recent_purchases_and_preferences_are_shares()
    {
        // one user: old baskets of both groups, one recent basket of group {2, 3}
        var lists = new List<int[]>();
        var time = new List<long>();
        for (int i = 0; i < 50; i++)
        { lists.Add(i % 2 == 0 ? [0, 1] : [2, 3]); time.Add(i); } // old, balanced
        lists.Add([0, 1]);
        time.Add(1_000);
        lists.Add([2, 3]);
        time.Add(1_000 + 200 * 86_400L);
        var baskets = BasketSet.FromLists(lists, time: time.ToArray());
        var data = SyntheticShop.DatasetOf(baskets, 4, users: 1, categories: ["A", "A", "B", "B"]);
        // hand-made vectors: items 0 and 1 point along x, items 2 and 3 along y
        var input = new float[] { 1, 0, 2, 0, 0, 1, 0, 3 };
        var embeddings = new ItemEmbeddings(2, input, new float[8], Enumerable.Repeat(ItemVectorSource.Trained, 4).ToArray(), [1, 1, 1, 1]);
        var enc = AttributeEncodings.Build(data.Items);
        var profiles = new UserProfileBuilder { HalfLifeDays = 30 }.Build(data, embeddings, enc, new Pseudonymizer("0123456789abcdef-x"u8));
        var p = Assert.Single(profiles.Profiles);
        Assert.Equal(104, p.Purchases);
        float[] v = profiles.Vectors;
        // old events weigh 2^(-200/30) ≈ 0.0098 each: x gets 52 × that, y gets 50 × that + 2
        double old = Math.Pow(0.5, 200.0 / 30), x = 52 * old, y = 50 * old + 2, norm = Math.Sqrt(x * x + y * y);
        Assert.Equal(x / norm, v[0], 2);
        Assert.Equal(y / norm, v[1], 2);
        Assert.Equal(2, p.Categories.Count);
        Assert.True(p.Categories[0].Name == "B" && p.Categories[0].Weight > 0.7f);
        Assert.Equal(1f, p.Categories.Sum(c => c.Weight), 3);
        Assert.Equal(0f, p.DiscountShare); // paid list price throughout
        Assert.False(float.IsNaN(p.TypicalSpend));
    }
}
