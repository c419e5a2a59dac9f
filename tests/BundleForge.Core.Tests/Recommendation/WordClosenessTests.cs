using BundleForge.Data;
using BundleForge.Embeddings;
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

    [Fact]
    public void The_title_source_proposes_the_new_items_nearest_the_word_profile_and_only_those()
    {
        var words = new ItemWords([0, 2, 3, 5, 5, 6, 6], [0, 1, 2, 0, 2, 1], [1, 2, 3]);
        var orders = BasketSet.FromLists([[0, 1, 2, 3, 4, 5]], [1], [Day]);
        var signals = ItemSignals.Build(orders, 6, 4 * Day, 30, 10, 200, 10);
        var history = DailyOrderHistory.Of([1], [3], [3], [0]);
        // Only the title source proposes new items here.
        var limits = new NextBasketCandidates { CoPurchase = 0, Neighbour = 0, Item2Vec = 0, Popular = 0, Title = 1 };
        var set = new NextBasketFeatures(signals, null, limits, null, words).Build(history, 4 * Day);
        // Bought 0, 1, 3; item 2 (profile cosine ≈ 0.99) is nearer than item 4 (≈ 0.63); 5 has no words.
        Assert.Equal([0, 1, 2, 3], set.Items.Order());
        Assert.Equal(CandidateSource.Title, set.Sources[set.IndexOf(2)]);
        var two = new NextBasketFeatures(signals, null, limits with { Title = 5 }, null, words).Build(history, 4 * Day);
        Assert.Equal([0, 1, 2, 3, 4], two.Items.Order());
        Assert.Equal(CandidateSource.Title, two.Sources[two.IndexOf(4)]);
        Assert.Equal("title", CandidateSourceNames.Of(CandidateSource.Title));
        var off = new NextBasketFeatures(signals, null, limits with { Title = 0 }, null, words).Build(history, 4 * Day);
        Assert.Equal([0, 1, 3], off.Items.Order());
    }

    [Fact]
    public void The_inverted_index_search_finds_the_same_nearest_items_as_scoring_every_item()
    {
        // A random catalog of 400 items over 60 words of skewed frequency, and customers of random histories: the
        // search over the words' postings must return what the profile cosine of every item, ranked, returns.
        var rng = new Random(5);
        const int Items = 400, Vocabulary = 60;
        var offsets = new int[Items + 1];
        var list = new List<int>();
        for (int i = 0; i < Items; i++)
        {
            var mine = new SortedSet<int>();
            int count = rng.Next(5);                   // some items have no words
            for (int k = 0; k < count; k++)
                mine.Add((int)(Vocabulary * Math.Pow(rng.NextDouble(), 2)));
            list.AddRange(mine);
            offsets[i + 1] = list.Count;
        }
        var idf = new float[Vocabulary];
        for (int t = 0; t < Vocabulary; t++)
            idf[t] = 0.2f + (float)rng.NextDouble() * 3;
        var words = new ItemWords(offsets, [.. list], idf);
        for (int t = 0; t < Vocabulary; t++)
            foreach (var i in words.ItemsOf(t))
                Assert.True(words.Of(i).Contains(t));
        for (int customer = 0; customer < 25; customer++)
        {
            var orders = new int[1 + rng.Next(6)][];
            for (int o = 0; o < orders.Length; o++)
            {
                orders[o] = new int[1 + rng.Next(4)];
                for (int k = 0; k < orders[o].Length; k++)
                    orders[o][k] = rng.Next(Items);
            }
            var history = DailyOrderHistory.Of(orders);
            var profile = RepeatProfile.Of(history, (orders.Length + 5) * Day, 365);
            var closeness = new WordCloseness(words, profile);
            var heap = new TopKHeap(10);
            closeness.OfferNearest(heap);
            var found = heap.ToSortedArray();

            var brute = new TopKHeap(10);
            for (int i = 0; i < Items; i++)
            {
                float cosine = closeness.Of(i).Profile;
                if (profile.IndexOf(i) < 0 && cosine > 0)
                    brute.Add(i, cosine);
            }
            var expected = brute.ToSortedArray();
            Assert.Equal(expected.Length, found.Length);
            for (int r = 0; r < found.Length; r++)
            {
                Assert.Equal(expected[r].Score, found[r].Score, 4);
                Assert.True(profile.IndexOf(found[r].Id) < 0, "a bought item was proposed");
            }
            // Ids agree except where two scores tie within rounding.
            var a = new HashSet<int>(Array.ConvertAll(found, x => x.Id));
            int missing = 0;
            foreach (var x in expected)
                if (!a.Contains(x.Id) && Math.Abs(x.Score - expected[^1].Score) > 1e-5f)
                    missing++;
            Assert.Equal(0, missing);
        }
    }
}
