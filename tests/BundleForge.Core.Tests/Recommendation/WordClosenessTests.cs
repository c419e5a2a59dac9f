using BundleForge.Data;
using BundleForge.Recommendation;

namespace BundleForge.Core.Tests.Recommendation;

/// <summary>The title-closeness features of a never-bought candidate, by hand: the best IDF-weighted Jaccard overlap
/// with an item the customer bought, and the IDF cosine with their decayed word profile.</summary>
public sealed class WordClosenessTests
{
    private const long Day = DailyOrderHistory.Day;

    private static int Column(string name) => Array.IndexOf(NextBasketFeatures.Names, name);

    [Fact]
    public void Closeness_of_a_new_candidate_is_the_best_weighted_overlap_with_a_bought_item_and_the_profile_cosine()
    {
        // Words a (idf 1), b (idf 2), c (idf 3). Items: 0 = {a, b}, 1 = {c}, 2 = {a, c}, 3 = {}, 4 = {b}, 5 = {}.
        var words = new ItemWords([0, 2, 3, 5, 5, 6, 6], [0, 1, 2, 0, 2, 1], [1, 2, 3]);
        var orders = BasketSet.FromLists([[0, 1, 2, 3, 4, 5]], [1], [Day]);
        var signals = ItemSignals.Build(orders, 6, 4 * Day, 30, 10, 200, 10);
        // Item 1 was bought four orders back, item 0 in the last order; item 3 has no words.
        var history = DailyOrderHistory.Of([1], [3], [3], [0]);
        var set = new NextBasketFeatures(signals, null, new NextBasketCandidates(), null, words).Build(history, 4 * Day);
        int closest = Column("new_x_title_closest"), profile = Column("new_x_title_profile");

        // Item 2 against 0: shared a (1) over 4 + 3 − 1; against 1 (an old order counts too): shared c (3) over 4 + 3 − 3.
        var two = set.RowOf(set.IndexOf(2));
        Assert.Equal(3f / 4f, two[closest], 5);
        // The profile: each bought item's words times its 365-day decayed frequency (item 1 bought 3 days ago).
        double w1 = Math.Pow(0.5, 3.0 / 365);
        double norm = Math.Sqrt(1 + 4 + 9 * w1 * w1);
        Assert.Equal((float)((1 + 9 * w1) / (Math.Sqrt(10) * norm)), two[profile], 5);

        var four = set.RowOf(set.IndexOf(4));
        Assert.Equal(2f / 3f, four[closest], 5);          // with 0: shared b (2) over 2 + 3 − 2
        Assert.Equal((float)(2 / norm), four[profile], 5);

        foreach (var item in new[] { 0, 1, 3, 5 })        // bought, or without words
        {
            var row = set.RowOf(set.IndexOf(item));
            Assert.Equal(0f, row[closest]);
            Assert.Equal(0f, row[profile]);
        }

        // Without words (a shop with no titles) every closeness is 0.
        var none = new NextBasketFeatures(signals, null, new NextBasketCandidates()).Build(history, 4 * Day);
        for (int c = 0; c < none.Count; c++)
        {
            Assert.Equal(0f, none.RowOf(c)[closest]);
            Assert.Equal(0f, none.RowOf(c)[profile]);
        }
    }
}
