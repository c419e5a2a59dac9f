using BundleForge.Bundles;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Strategy;
using BundleForge.Data;

namespace BundleForge.Core.Tests.Bundles.Engine;

/// <summary>The offers of one answer are shown together: two of them never hold two variants of one product (the red
/// and the blue hot water bottle of one new product), although each bundle alone may hold either.</summary>
public class AnswerVariantsTests
{
    // 0–5: established products; 6/7: one new product in two colours (base code 84031); 8: a third colour under another
    // code but the same title as 7, so a variant of it (and of 6) too.
    private static readonly string[] Ids = ["22001", "22002", "22003", "22004", "22005", "22006", "84031A", "84031B", "90210"];
    private static readonly string?[] Titles =
        ["MUG", "TRAY", "CANDLE", "APRON", "SHOPPER", "LANTERN", "RED HOT WATER BOTTLE", "BLUE HOT WATER BOTTLE", "Blue  hot water bottle"];

    private static ItemCatalog Catalog()
    {
        int n = Ids.Length;
        return new ItemCatalog(Ids, Titles, new string?[n], new string?[n], Enumerable.Repeat(20f, n).ToArray(), Enumerable.Repeat(8f, n).ToArray(),
            Enumerable.Repeat(100, n).ToArray(), false);
    }

    /// <summary>Every pair complements; the bottles are new products (their evidence borrowed).</summary>
    private sealed class AllComplement : IPairScorer
    {
        public PairEvidence Score(int a, int b) => new(0.8f, 0, 20, 3, 0.3f);

        public bool IsNewProduct(int item) => item >= 6;
    }

    private sealed class FixedSource(string name, IEnumerable<(int Item, float Score, SignalEvidence Evidence)> items) : ICandidateSource
    {
        public string Name => name;

        public void Collect(UserContext user, int max, List<Candidate> into)
        {
            foreach (var (i, s, e) in items)
                into.Add(new Candidate(i, s, name, e));
        }
    }

    private static BundleEngine Engine(MarketStrategy strategy)
    {
        var established = new FixedSource("test", Enumerable.Range(0, 6).Select(i => (i, 1f - 0.05f * i, new SignalEvidence(EvidenceKind.BestSeller))));
        // The bottles are the most relevant candidates: without the rule, most bundles of an answer would hold one.
        var fresh = new FixedSource(NewItemCandidateSource.SourceName, new[] { 6, 7, 8 }.Select(i => (i, 2f, new SignalEvidence(EvidenceKind.NewProduct, 0))));
        return new BundleEngine(Catalog(), [established, fresh], new AllComplement(), strategy);
    }

    private static readonly MarketStrategy Strategy = new()
    {
        Exploration = false,
        OnePerCategory = false,
        MinStockUnits = 0,
        MaxBundleSize = 3,
        BundlesPerRequest = 3,
    };

    private static readonly UserContext Customer = new() { User = 0, History = [0], HistoryTime = [0], Now = 86_400 };

    [Fact]
    public void No_two_offers_of_one_answer_hold_variants_of_one_product()
    {
        var variants = ProductVariants.Of(Catalog());
        Assert.True(variants.SameProduct(6, 7) && variants.SameProduct(7, 8));
        var engine = Engine(Strategy);
        foreach (var user in new[] { Customer, new UserContext { Anchor = 1 }, UserContext.Anonymous })
        {
            var composed = engine.ComposeCandidates(user, 9);
            Assert.True(composed.Count >= 3, $"{composed.Count} bundles composed");
            // Every bundle the answer is chosen from (three times as many as shown) holds at most one of the bottles.
            var bottles = composed.SelectMany(b => b.Items).Where(i => i >= 6).Distinct().ToArray();
            Assert.Single(bottles);
            var offers = engine.Recommend(user);
            Assert.True(offers.Count >= 2, $"{offers.Count} offers");
            Assert.True(offers.SelectMany(o => o.Bundle.Items).Where(i => i >= 6).Distinct().Count() <= 1,
                string.Join(" | ", offers.Select(o => string.Join(",", o.Bundle.Items))));
        }
    }

    [Fact]
    public void With_quantity_bundles_allowed_variants_may_sit_in_different_offers()
    {
        var composed = Engine(Strategy with { QuantityBundles = true }).ComposeCandidates(Customer, 9);
        Assert.True(composed.SelectMany(b => b.Items).Where(i => i >= 6).Distinct().Count() > 1);
    }
}
