using BundleForge.Data;
using BundleForge.Recommendation;

namespace BundleForge.Core.Tests.Recommendation;

/// <summary>The words of each item the next-basket ranker compares: title words of two or more titles, a shared leaf
/// category and a shared brand, each weighed by its inverse document frequency; none for a catalog without them.</summary>
public sealed class ItemWordsTests
{
    private static ItemCatalog Catalog(string?[] titles, string?[] categories, string?[] brands)
    {
        int n = titles.Length;
        var ids = new string[n];
        for (int i = 0; i < n; i++)
            ids[i] = $"i{i}";
        return new ItemCatalog(ids, titles, categories, brands, new float[n], new float[n], new int[n], true);
    }

    private static HashSet<int> Set(ItemWords words, int item) => [.. words.Of(item).ToArray()];

    [Fact]
    public void Words_are_shared_title_words_a_shared_leaf_category_and_a_shared_brand_each_weighed_by_idf()
    {
        var words = ItemWords.Build(Catalog(
            ["Red heart mug", "Blue heart mug", "Red spotty bag", "Green star lamp", null, "Paper chain kit"],
            ["Home > Kitchen", "Home > Kitchen", "Home > Bags", null, null, null],
            ["Acme", null, "Acme", "Solo", null, null]));

        // Item 0: heart, mug, red (each in two titles), the leaf Home > Kitchen (two items) and the brand Acme (two).
        Assert.Equal(5, words.Of(0).Length);
        Assert.Equal(3, words.Of(1).Length);          // heart, mug, Home > Kitchen
        Assert.Equal(2, words.Of(2).Length);          // red, Acme (its leaf is its own: no closeness in it)
        Assert.True(words.Of(3).IsEmpty);             // words of one title only, a brand of one item
        Assert.True(words.Of(4).IsEmpty);
        Assert.True(words.Of(5).IsEmpty);
        var zero = Set(words, 0);
        Assert.Equal(3, zero.Intersect(Set(words, 1)).Count());
        Assert.Equal(2, zero.Intersect(Set(words, 2)).Count());
        Assert.Empty(Set(words, 1).Intersect(Set(words, 2)));
        foreach (var w in zero)
            Assert.Equal(MathF.Log(6f / 2f), words.Idf[w], 5);
        for (int i = 0; i < 6; i++)
            Assert.True(words.Of(i).ToArray().SequenceEqual(words.Of(i).ToArray().Order()), "ascending word ids");
    }

    [Fact]
    public void A_catalog_without_titles_categories_or_brands_has_no_words()
    {
        var words = ItemWords.Build(Catalog(new string?[4], new string?[4], new string?[4]));
        Assert.Equal(4, words.ItemCount);
        Assert.Empty(words.Words);
        for (int i = 0; i < 4; i++)
            Assert.True(words.Of(i).IsEmpty);
        Assert.True(words.Of(7).IsEmpty, "an item beyond the catalog (a session's unknown item) has none");
    }
}
