using BundleForge.Data;
using BundleForge.Mining;

namespace BundleForge.Core.Tests.Mining;

public class FrequentlyBoughtTogetherTests
{
    /// <summary>Item 0 (a tent) is bought with its planted complement 1 (pegs) in 40 of its 50 baskets; item 2 is a
    /// bestseller in most baskets regardless; items 3..19 are noise.</summary>
    private static BasketSet PlantedShop(int seed = 1)
    {
        var rng = new Random(seed);
        var lists = new List<int[]>();
        for (int b = 0; b < 1000; b++)
        {
            var basket = new List<int>();
            if (b < 50)
            { basket.Add(0); if (b < 40) basket.Add(1); }
            if (rng.NextDouble() < 0.6)
                basket.Add(2);
            for (int k = rng.Next(3); k > 0; k--)
                basket.Add(3 + rng.Next(17));
            lists.Add(basket.ToArray());
        }
        lists.Add([5, 6]); // a pair seen once: must not outrank strong evidence
        return BasketSet.FromLists(lists);
    }

    [Fact]
    public void PlantedComplementRanksFirstAndCarriesItsEvidence()
    {
        var baskets = PlantedShop();
        var fbt = new FrequentlyBoughtTogether(CooccurrenceTable.Build(baskets, 20));
        var top = fbt.Recommend([0], 5, FbtMode.Strict);
        Assert.Equal(1, top[0].Item);
        Assert.Equal(40, top[0].CoPurchases);
        Assert.Equal(40.0 / 50, top[0].Confidence, 12);
        Assert.Equal(40.0 / 50 / (40.0 / baskets.Count), top[0].Lift, 12);
        Assert.Equal(FbtRecommendation.CoPurchaseSource, top[0].Source);
        Assert.Equal(0, top[0].Anchor);
        // The bestseller is in the tent baskets too, but only at its base rate: it is not a complement.
        Assert.DoesNotContain(top, r => r.Item == 2 && r.Score > top[0].Score / 4);
    }

    [Fact]
    public void CartItemsAreNeverSuggested()
    {
        var baskets = PlantedShop();
        var fbt = new FrequentlyBoughtTogether(CooccurrenceTable.Build(baskets, 20));
        foreach (var mode in new[] { FbtMode.Strict, FbtMode.Relaxed })
        {
            var results = fbt.Recommend([0, 1, 2], 15, mode);
            Assert.DoesNotContain(results, r => r.Item is 0 or 1 or 2);
            Assert.Equal(results.Count, results.Select(r => r.Item).Distinct().Count());
        }
    }

    [Fact]
    public void ShrinkageKeepsATinyCountBelowStrongEvidence()
    {
        var s = new FbtScoring { PseudoCount = 10 };
        // 1 of 1 (confidence 1.0) on a rare item vs 40 of 50 (0.8) on a rare item.
        Assert.True(s.Score(1, 1, 1, 1000) < s.Score(40, 50, 40, 1000));
        // Independent items score about zero: confidence equal to the base rate.
        Assert.Equal(0, s.Score(30, 50, 600, 1000), 2);
    }

    [Fact]
    public void StrictModeReturnsOnlyObservedCoPurchasesAndRelaxedFillsWithLabelledFallbacks()
    {
        var baskets = BasketSet.FromLists([[0, 1], [0, 1], [2], [2], [2, 3], [3], [4]]);
        var table = CooccurrenceTable.Build(baskets, 5);
        string?[] categories = ["Camp>Tents", "Camp>Pegs", "Kitchen>Mugs", "Camp>Stoves", null];
        var fbt = new FrequentlyBoughtTogether(table, fallbacks: [new CategoryFallback(categories, table.ItemCounts), new PopularityFallback(table.ItemCounts)]);

        var strict = fbt.Recommend([0], 4, FbtMode.Strict);
        Assert.Equal([1], strict.Select(r => r.Item));

        var relaxed = fbt.Recommend([0], 4, FbtMode.Relaxed);
        Assert.Equal(4, relaxed.Count);
        Assert.Equal((1, "co-purchase"), (relaxed[0].Item, relaxed[0].Source));
        Assert.Equal((3, "fallback-category"), (relaxed[1].Item, relaxed[1].Source)); // same department "Camp"
        Assert.All(relaxed.Skip(2), r => Assert.Equal("fallback-popularity", r.Source));
        Assert.Equal(2, relaxed[2].Item); // most purchased of the rest
        Assert.All(relaxed.Skip(1), r => Assert.Equal(0, r.CoPurchases));
    }

    [Fact]
    public void CartEvidenceAddsUpAcrossCartItems()
    {
        // 5 complements both 0 and 1; 6 complements only 0, equally strongly.
        var lists = new List<int[]>();
        for (int i = 0; i < 20; i++)
            lists.Add([0, 5, 6]);
        for (int i = 0; i < 20; i++)
            lists.Add([1, 5]);
        for (int i = 0; i < 200; i++)
            lists.Add([7 + i % 5]);
        var baskets = BasketSet.FromLists(lists);
        var fbt = new FrequentlyBoughtTogether(CooccurrenceTable.Build(baskets, 12));
        var results = fbt.Recommend([0, 1], 3, FbtMode.Strict);
        Assert.Equal(5, results[0].Item);
        Assert.Equal(2, results[0].SupportingItems);
        Assert.Equal(40, results[0].CoPurchases);
        Assert.Equal(6, results[1].Item);
    }

    [Fact]
    public void CooccurrenceCountsEqualDirectCountsAndKeepTheTopPartners()
    {
        var baskets = MiningFixtures.RandomBaskets(4, 12, 300, 6);
        var table = CooccurrenceTable.Build(baskets, 12, neighborsPerItem: 3);
        for (int a = 0; a < 12; a++)
        {
            var direct = new int[12];
            for (int b = 0; b < baskets.Count; b++)
            {
                var items = baskets[b];
                if (items.IndexOf(a) < 0)
                    continue;
                foreach (int c in items)
                    if (c != a)
                        direct[c]++;
            }
            var partners = table.NeighborsOf(a).ToArray();
            var expectedTop = Enumerable.Range(0, 12).Where(c => direct[c] > 0).OrderByDescending(c => direct[c]).ThenBy(c => c).Take(3).ToArray();
            Assert.Equal(expectedTop, partners);
            foreach (int c in partners)
                Assert.Equal(direct[c], table.PairCount(a, c));
        }
    }

    [Fact]
    public void BadQueriesAreUserErrors()
    {
        var fbt = new FrequentlyBoughtTogether(CooccurrenceTable.Build(BasketSet.FromLists([[0, 1]]), 2));
        Assert.Throws<DataException>(() => fbt.Recommend([0], 0, FbtMode.Strict));
        Assert.Throws<DataException>(() => fbt.Recommend([], 3, FbtMode.Strict));
    }
}
