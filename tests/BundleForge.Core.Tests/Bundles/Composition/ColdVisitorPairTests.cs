using BundleForge.Bundles;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Strategy;
using BundleForge.Data;

namespace BundleForge.Core.Tests.Bundles.Composition;

/// <summary>A cold visitor's bundles are best sellers that go together, so the pair is the whole argument: two best
/// sellers bought together barely more often than chance (lift 1.075 on 215 baskets) are not offered, while a pair
/// bought together far more often than chance is; a known customer's bundles keep the complement rule.</summary>
public class ColdVisitorPairTests
{
    // 1,000 baskets: items 0 and 1 (500 and 400 baskets) share 215 where 200 are expected; items 2 and 3 (150 each)
    // share 120 where 22.5 are expected; item 4 fills the other 135 baskets alone.
    private static (CooccurrencePairScorer Pairs, ItemCatalog Catalog) Shop()
    {
        var baskets = new List<int[]>();
        for (int k = 0; k < 1000; k++)
        {
            var b = new List<int>();
            if (k < 500)
                b.Add(0);
            if (k is >= 285 and < 685)
                b.Add(1);
            if (k is >= 700 and < 850)
                b.Add(2);
            if (k is >= 730 and < 880)
                b.Add(3);
            if (b.Count == 0)
                b.Add(4);
            baskets.Add([.. b]);
        }
        var pairs = CooccurrencePairScorer.Build(BasketSet.FromLists(baskets), 5);
        var catalog = BundleTestData.Catalog(Enumerable.Repeat(20f, 5).ToArray(), Enumerable.Repeat(10f, 5).ToArray());
        return (pairs, catalog);
    }

    [Fact]
    public void A_cold_visitor_gets_no_bundle_on_a_pair_near_independence()
    {
        var (pairs, catalog) = Shop();
        var weak = pairs.Score(0, 1);
        Assert.True(weak.Complementarity > 0 && weak.Lift is > 1f and < 1.1f && weak.CoCount == 215, $"{weak}");
        Assert.False(CoPurchaseSignificance.IsSignificant(weak));
        Assert.True(CoPurchaseSignificance.IsSignificant(pairs.Score(2, 3)));

        var composer = new BundleComposer(catalog, pairs, MarketStrategy.Default with { Exploration = false });
        var visitor = new UserContext();
        var pool = CandidatePool.Collect([new PopularityCandidateSource(pairs.ItemCounts)], visitor, 100);
        var bundles = composer.Compose(visitor, pool, 3);
        Assert.Equal([[2, 3]], bundles.Select(b => b.Items));

        // A known customer still gets the pair: their bundles rest on what they bought, and the pair complements.
        var customer = new UserContext { User = 0, History = [4] };
        var theirs = composer.Compose(customer, CandidatePool.Collect([new PopularityCandidateSource(pairs.ItemCounts)], customer, 100), 3);
        Assert.Contains(theirs, b => b.Items.SequenceEqual([0, 1]));
    }
}
