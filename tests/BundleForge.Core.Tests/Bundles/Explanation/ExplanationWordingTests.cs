using System.Text.RegularExpressions;
using BundleForge.Bundles;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Explanation;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;
using BundleForge.Core.Tests.Bundles.Engine;
using BundleForge.Data;
using BundleForge.Evaluation.Synthetic;

namespace BundleForge.Core.Tests.Bundles.Explanation;

/// <summary>Explanations a merchant can read: typed reasons with every slot filled (or dropped), one source tag per
/// item, price sentences that match the curve, and the organic-demand sentence for repeat purchases.</summary>
public class ExplanationWordingTests
{
    private static readonly Regex DoubledTag = new(@"\(([^()]+)\)\s*\(\1\)", RegexOptions.CultureInvariant);

    /// <summary>The generated shop with its catalog's categories blanked, as a catalog without categories (Online
    /// Retail) is: the profile source then has no category to name.</summary>
    private static Dataset WithoutCategories(Dataset d)
    {
        var c = d.Items;
        var items = new ItemCatalog(c.Ids, c.Titles, new string?[c.Count], c.Brands, c.Price, c.Cost, c.Stock, c.CostAssumed);
        return new Dataset
        {
            Items = items,
            Users = d.Users,
            Interactions = d.Interactions,
            Baskets = d.Baskets,
            Report = d.Report,
            Format = d.Format,
            HasRealTime = d.HasRealTime,
        };
    }

    [Fact]
    public void OverManyUsersAndAnchors_NoReasonHasAnEmptySlotOrADoubledSourceTag()
    {
        var (_, generated) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 400, Items = 120, Orders = 5_000, Seed = 3 });
        int offers = 0;
        var sources = new HashSet<string>();
        foreach (var data in new[] { generated, WithoutCategories(generated) })
        {
            var model = BundleModel.Build(data, data.Baskets, new BundleForge.Privacy.Pseudonymizer(new byte[32]), new MarketStrategy { Exploration = false });
            var item2vec = EmbeddingSignalTests.Item2VecOf(data);
            var engine = new BundleEngineFactory(data.Items, model).With([new Item2VecBundleSignals().For(item2vec, data.Items)]).Create();
            var prices = UserPriceProfile.Build(data.Items);
            var contexts = new List<UserContext>();
            for (int u = 0; u < data.Users.Count && contexts.Count < 150; u++)
            {
                var history = data.Sequences[u];
                if (history.Length < 3)
                    continue;
                contexts.Add(UserContext.FromDataset(data, u, prices: prices));
                contexts.Add(UserContext.FromDataset(data, u, anchor: history[^1], prices: prices));
                contexts.Add(UserContext.FromDataset(data, u, cart: [history[0]], anchor: (history[0] + 7) % data.Items.Count, prices: prices));
            }
            contexts.Add(UserContext.Anonymous);
            for (int i = 0; i < 20; i++)
            {
                contexts.Add(new UserContext { Anchor = i * 5 });
                // A visitor the shop does not know yet, with purchases in the live session.
                contexts.Add(new UserContext { History = [i, i + 40, i], HistoryTime = [100, 200, 300], Now = 400 });
            }
            foreach (var ctx in contexts)
                foreach (var o in engine.Recommend(ctx))
                {
                    offers++;
                    AssertReadable(o, ctx);
                    foreach (var s in o.Explanation.Reasons.OfType<SignalReason>())
                        sources.Add(s.Source);
                }
        }
        Assert.True(offers > 300, $"only {offers} offers checked");
        Assert.Contains("item2vec", sources);
        Assert.Contains("co-purchase", sources);
    }

    private static void AssertReadable(BundleOffer o, UserContext ctx)
    {
        var all = o.Explanation.ToString();
        Assert.False(DoubledTag.IsMatch(all), "a doubled source tag: " + all);
        foreach (var r in o.Explanation.Reasons)
        {
            Assert.True(r.IsComplete, r.Kind);
            var t = r.Text;
            Assert.False(t.Length == 0 || char.IsWhiteSpace(t[0]) || char.IsWhiteSpace(t[^1]) || t[0] is ':' or '(' or ',', $"a reason with an empty slot at an end: \"{t}\"");
            foreach (var gap in new[] { "  ", "( ", " )", "()", " :", " ,", " .", ": (", ": ," })
                Assert.False(t.Contains(gap, StringComparison.Ordinal), $"a reason with an empty slot (\"{gap}\"): \"{t}\"");
        }
        var signals = o.Explanation.Reasons.OfType<SignalReason>().ToList();
        Assert.Equal(signals.Count, signals.Select(s => s.Item).Distinct().Count());
        foreach (var s in signals)
        {
            Assert.Single(Regex.Matches(s.Text, Regex.Escape("(" + s.Source + ")")));
            Assert.Single(Regex.Matches(s.Text, @"\((co-purchase|repurchase|profile|popular|item2vec|item2vec-profile)\)"));
        }
        // "Not personalised: the shop knows nothing about this visitor" never sits beside what the visitor did.
        bool unknown = o.Explanation.Reasons.OfType<PopularReason>().Any(p => p.UnknownVisitor);
        if (ctx.History.Length > 0 || ctx.Cart.Length > 0 || ctx.Anchor >= 0)
            Assert.False(unknown, all);
        Assert.False(unknown && o.Explanation.Reasons.Any(r => r is HistoryReason or CartReason or AnchorReason), all);

        var price = Assert.Single(o.Explanation.Reasons.OfType<PriceReason>());
        Assert.Equal(AllowedPrices.HasCurve(o.Quote), !price.OnlyAllowedPrice);
        var allowed = AllowedPrices.Of(o.Quote);
        int at = Array.IndexOf(allowed, o.Quote.Chosen);
        Assert.True(at >= 0);
        Assert.Equal(at > 0 ? o.Quote.Curve[allowed[at - 1]] : (PricePoint?)null, price.Smaller);
        Assert.Equal(at + 1 < allowed.Length ? o.Quote.Curve[allowed[at + 1]] : (PricePoint?)null, price.Larger);
    }

    private static (ItemCatalog Catalog, BundleForge.Bundles.Composition.ComposedBundle Bundle) TwoItems(float[] cost)
    {
        var catalog = BundleTestData.Catalog([20f, 10f], cost);
        return (catalog, BundleTestData.Bundle(catalog, [0, 1]));
    }

    [Fact]
    public void OneAllowedPrice_MakesNoCurve_AndTheSentenceSaysItIsTheOnlyOne()
    {
        // At most 0% off: the list price is the only point.
        var (catalog, bundle) = TwoItems([10f, 5f]);
        var pricer = new BundlePricer(catalog, new MarketStrategy { Exploration = false, PriceEnding = null, MaxDiscount = 0, MinDiscount = 0 }, new AcceptanceModel());
        var quote = pricer.Quote(bundle, new UserContext());
        Assert.True(quote.Offered);
        Assert.False(AllowedPrices.HasCurve(quote));
        var price = Assert.Single(BundleExplanation.For(bundle, quote, new UserContext(), catalog, currency: "GBP").Reasons.OfType<PriceReason>());
        Assert.True(price.OnlyAllowedPrice);
        Assert.Equal("price £30.00, the list price: the only price the strategy allows for this bundle, expected profit " + MoneyFormat.Of(quote.Point.ExpectedProfit, "GBP"), price.Text);

        // No discount allowed, on prices whose sum is not exact in binary (3.29 + 1.65): the list price is still allowed.
        var inexact = BundleTestData.Catalog([3.29f, 1.65f], [1f, 0.5f]);
        var pair = BundleTestData.Bundle(inexact, [0, 1]);
        var listOnly = new BundlePricer(inexact, new MarketStrategy { Exploration = false, PriceEnding = null, MaxDiscount = 0, MinDiscount = 0 }, new AcceptanceModel()).Quote(pair, new UserContext());
        Assert.True(listOnly.Offered, listOnly.Reason);
        Assert.Equal(4.94, listOnly.Point.Price);
        Assert.StartsWith("price €4.94, the list price: the only price the strategy allows", BundleExplanation.For(pair, listOnly, new UserContext(), inexact).Reasons.OfType<PriceReason>().Single().Text);

        // Three points on the grid but one allowed (−15% breaks the margin floor, −30% is below cost): still no curve,
        // and no comparison with the points the strategy forbids.
        (catalog, bundle) = TwoItems([17f, 8.5f]);
        pricer = new BundlePricer(catalog, new MarketStrategy { Exploration = false, PriceEnding = null, MaxDiscount = 0.3, DiscountStep = 0.15, MarginFloor = 0.1, MinDiscount = 0 }, new AcceptanceModel());
        quote = pricer.Quote(bundle, new UserContext());
        Assert.Equal(3, quote.Curve.Count);
        Assert.True(quote.Offered);
        Assert.False(AllowedPrices.HasCurve(quote));
        var text = BundleExplanation.For(bundle, quote, new UserContext(), catalog).ToString();
        Assert.Contains("the only price the strategy allows", text);
        Assert.DoesNotContain("against", text);
    }

    [Fact]
    public void SeveralAllowedPrices_TheSentenceNamesTheChosenPointAndItsNeighbours()
    {
        var (catalog, bundle) = TwoItems([10f, 5f]);
        var pricer = new BundlePricer(catalog, new MarketStrategy { Exploration = false, PriceEnding = null, MaxDiscount = 0.3, DiscountStep = 0.1, MarginFloor = 0, MinDiscount = 0 }, new AcceptanceModel());
        var quote = pricer.Quote(bundle, new UserContext());
        Assert.Equal([0, 1, 2, 3], AllowedPrices.Of(quote));
        string M(double v) => MoneyFormat.Of(v, "EUR");
        var c = quote.Curve;

        var middle = quote.WithChosen(1);
        var text = Assert.Single(BundleExplanation.For(bundle, middle, new UserContext(), catalog).Reasons.OfType<PriceReason>()).Text;
        Assert.StartsWith($"price €27.00 instead of €30.00 (−10%): expected profit {M(c[1].ExpectedProfit)}, against {M(c[0].ExpectedProfit)} at €30.00 (list) and {M(c[2].ExpectedProfit)} at €24.00 (−20%)", text);
        // Chosen away from the bundle's own best (as when priced beside other offers): the sentence says so.
        Assert.Equal(quote.Chosen != 1, text.Contains($"; alone, {M(c[quote.Chosen].ExpectedProfit)} at {M(c[quote.Chosen].Price)}", StringComparison.Ordinal));

        var deepest = quote.WithChosen(3);
        text = Assert.Single(BundleExplanation.For(bundle, deepest, new UserContext(), catalog).Reasons.OfType<PriceReason>()).Text;
        Assert.StartsWith($"price €21.00 instead of €30.00 (−30%, the largest discount the strategy allows): expected profit {M(c[3].ExpectedProfit)}, against {M(c[2].ExpectedProfit)} at €24.00 (−20%)", text);
        Assert.DoesNotContain(" and ", text.Split(';')[0]);
    }

    [Fact]
    public void ARepeatPurchaseAtADiscount_ExplainsTheOrganicDeduction_InOneSentence()
    {
        var (catalog, bundle) = TwoItems([10f, 5f]);
        // Item 1 is in 80 of 200 orders: a 40% chance of selling anyway.
        var organic = new PopularityOrganicDemand(new[] { 50, 80 }, 200);
        var pricer = new BundlePricer(catalog, new MarketStrategy { Exploration = false, PriceEnding = null, MaxDiscount = 0.3, DiscountStep = 0.1, MarginFloor = 0 }, new AcceptanceModel(), organic);
        var day = 86_400L;
        var repeat = new UserContext { User = 1, History = [1, 1, 1], HistoryTime = [day, 20 * day, 40 * day], Now = 41 * day };
        var quote = pricer.Quote(bundle, repeat).WithChosen(2);
        Assert.True(quote.OrganicProfit > 0);
        var e = BundleExplanation.For(bundle, quote, repeat, catalog, currency: "GBP", organic: organic);
        Assert.Contains(e.Reasons, r => r is HistoryReason { Times: 3 } h && h.Text == "you bought Item I1 recently (3 times)");
        var o = Assert.Single(e.Reasons.OfType<OrganicDemandReason>());
        Assert.Equal(1, o.Item);
        Assert.Equal("why discount what sells anyway: Item I1 has a 40% chance of selling at full price without any offer (estimated from its share of all orders, not from this customer's own purchases), "
            + $"so the expected profit deducts the {MoneyFormat.Of(quote.OrganicProfit, "GBP")} the bundle's items would earn anyway from every accepted bundle, "
            + $"and this price still adds {MoneyFormat.Of(quote.Point.ExpectedProfit, "GBP")} over not offering it", o.Text);
        Assert.DoesNotContain(". ", o.Text);

        // No discount, or nothing the customer buys again: nothing to explain.
        Assert.Empty(BundleExplanation.For(bundle, quote.WithChosen(0), repeat, catalog, organic: organic).Reasons.OfType<OrganicDemandReason>());
        var once = new UserContext { User = 2, History = [0], HistoryTime = [day], Now = 2 * day };
        Assert.Empty(BundleExplanation.For(bundle, pricer.Quote(bundle, once).WithChosen(2), once, catalog, organic: organic).Reasons.OfType<OrganicDemandReason>());
    }

    [Fact]
    public void EvidenceWithoutASubject_IsDropped_NotWordedWithAGap()
    {
        Assert.False(new SignalReason(0, "Mug", EvidenceKind.BuysCategory, "", 0, "profile").IsComplete);
        Assert.False(new SignalReason(0, "Mug", EvidenceKind.BoughtWith, "Mug", 0, "co-purchase").IsComplete);
        Assert.False(new SignalReason(0, "", EvidenceKind.BestSeller, null, 0, "popular").IsComplete);
        Assert.False(new HistoryReason(0, " ", 2, 3).IsComplete);
        Assert.False(new CoPurchaseReason(0, "Mug", 1, "Tea", 0, 3).IsComplete);
        var ok = new SignalReason(0, "Mug", EvidenceKind.Complements, "Tea", 0, "item2vec");
        Assert.True(ok.IsComplete);
        Assert.Equal("Mug: complements Tea (item2vec)", ok.Text);
    }
}
