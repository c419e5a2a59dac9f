using BundleForge.Bundles;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Explanation;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;
using BundleForge.Core.Tests.Evaluation.Bundles;

namespace BundleForge.Core.Tests.Bundles.Engine;

public class BundleEngineTests
{
    [Fact]
    public void KnownUser_GetsPricedExplainedPersonalOffers_WithinTheRules()
    {
        var (shop, data, engine) = ShopSimulatorTests.Shop(8);
        var prices = UserPriceProfile.Build(data.Items);
        int checkedUsers = 0;
        for (int u = 0; u < 200 && checkedUsers < 30; u++)
        {
            if (data.Sequences.LengthOf(u) < 3)
                continue;
            checkedUsers++;
            var ctx = UserContext.FromDataset(data, u, prices: prices);
            var offers = engine.Recommend(ctx);
            Assert.InRange(offers.Count, 0, engine.Strategy.BundlesPerRequest);
            foreach (var o in offers)
            {
                Assert.True(o.Quote.Offered);
                var p = o.Quote.Point;
                Assert.True(p.Price >= o.Bundle.Cost && (p.Price - o.Bundle.Cost) / p.Price >= engine.Strategy.MarginFloor - 1e-9);
                Assert.True(p.Discount <= engine.Strategy.MaxDiscountFor(o.Bundle.HasOverstockedItem) + 1e-9);
                foreach (int i in o.Bundle.Items)
                {
                    Assert.False(ctx.TimesBought(i) == 1, "an item the user owns (bought once) was bundled");
                    Assert.True(data.Items.Stock[i] >= engine.Strategy.MinStockUnits);
                    int s = shop.SubstituteOf[i];
                    Assert.False(s >= 0 && o.Bundle.Items.Contains(s), "planted substitutes bundled together");
                }
                Assert.True(o.Bundle.Personalised);
                Assert.Contains(o.Explanation.Reasons, r => r.Kind == "price" && r.Text.Contains("expected profit"));
                Assert.DoesNotContain(o.Explanation.Reasons, r => r.Kind == "cost_assumed");
            }
        }
        Assert.True(checkedUsers >= 10);
    }

    [Fact]
    public void UnknownVisitor_GetsPopularComplements_MarkedAsNotPersonalised()
    {
        var (_, _, engine) = ShopSimulatorTests.Shop(8);
        var offers = engine.Recommend(UserContext.Anonymous);
        Assert.NotEmpty(offers);
        foreach (var o in offers)
        {
            Assert.False(o.Bundle.Personalised);
            Assert.Contains(o.Explanation.Reasons, r => r.Kind == "popular");
            Assert.Contains(o.Explanation.Reasons, r => r.Kind == "co_purchase" && r.Text.Contains("more often than chance"));
        }
    }

    [Fact]
    public void Explanation_NamesHistoryCoPurchasePriceAndAssumedCosts()
    {
        var catalog = BundleTestData.Catalog([20f, 10f], [13f, 6.5f], costAssumed: true);
        var bundle = BundleTestData.Bundle(catalog, [0, 1]);
        var strategy = new MarketStrategy { Exploration = false, PriceEnding = null };
        var pricer = new BundlePricer(catalog, strategy, new AcceptanceModel());
        var day = 86_400L;
        var user = new UserContext { User = 3, History = [1, 1], HistoryTime = [10 * day, 20 * day], Now = 45 * day };
        var quote = pricer.Quote(bundle, user);
        var e = BundleExplanation.For(bundle, quote, user, catalog, BundleExplanation.AssumedMarginOf(catalog), "EUR");
        var text = e.ToString();
        Assert.Contains("bought together in 40 orders, 4.1× more often than chance", text);
        Assert.Contains("you bought Item I1 last month (2 times)", text);
        Assert.Contains("expected profit €", text);
        Assert.Contains("costs assumed at 35% margin", text);
        var history = Assert.IsType<HistoryReason>(e.Reasons.Single(r => r.Kind == "history"));
        Assert.Equal(25, history.DaysAgo);
        // The price is compared with the allowed prices next to it, named by their price.
        var price = Assert.IsType<PriceReason>(e.Reasons.Single(r => r.Kind == "price"));
        Assert.False(price.OnlyAllowedPrice);
        foreach (var p in new[] { price.Smaller, price.Larger })
            if (p is { } x)
                Assert.Contains($"at {MoneyFormat.Of(x.Price, "EUR")} (", price.Text);

        // Proposed by the repurchase source: the history reason says it once; other sources' evidence is kept.
        var sourced = new ComposedBundle
        {
            Items = bundle.Items,
            Score = bundle.Score,
            Relevance = bundle.Relevance,
            Complementarity = bundle.Complementarity,
            Propensity = bundle.Propensity,
            ListPrice = bundle.ListPrice,
            Cost = bundle.Cost,
            HasOverstockedItem = false,
            Pairs = bundle.Pairs,
            Personalised = true,
            ItemSources = [("co-purchase", new SignalEvidence(EvidenceKind.BoughtWith, Seed: 1)), ("repurchase", new SignalEvidence(EvidenceKind.BoughtBefore, Seed: 1, Count: 2))],
        };
        var reasons = BundleExplanation.For(sourced, quote, user, catalog).Reasons;
        Assert.Single(reasons, r => r.Text.Contains("you bought Item I1", StringComparison.Ordinal));
        Assert.Single(reasons, r => r.Kind == "signal" && r.Text == "Item I0: often bought with Item I1 (co-purchase)");
    }

    [Fact]
    public void PriceOfExplicitItems_ShowsTheCurve_AndRejectsUnknownItems()
    {
        var (shop, data, engine) = ShopSimulatorTests.Shop(8);
        var offer = engine.Price(shop.Bundles[0], new UserContext());
        Assert.True(offer.Quote.Curve.Count >= 2);
        Assert.Equal(shop.Bundles[0].Order().ToArray(), offer.Bundle.Items);
        Assert.Throws<DataException>(() => engine.Price([0, data.Items.Count + 5], new UserContext()));
        Assert.Throws<DataException>(() => engine.Price([1, 1], new UserContext()));
    }

    [Fact]
    public void OffersChosenTogether_AreDistinctFeasibleCurvePoints_AndARepricedOfferSaysWhy()
    {
        var (_, data, engine) = ShopSimulatorTests.Shop(8);
        var prices = UserPriceProfile.Build(data.Items);
        Assert.True(engine.ChooseOffersTogether);
        int users = 0, repriced = 0;
        for (int u = 0; u < 300; u++)
        {
            if (data.Sequences.LengthOf(u) < 3)
                continue;
            users++;
            var ctx = UserContext.FromDataset(data, u, prices: prices);
            var offers = engine.Recommend(ctx);
            Assert.Equal(offers.Count, offers.Select(o => string.Join(",", o.Bundle.Items)).Distinct().Count());
            foreach (var o in offers)
            {
                var q = o.Quote;
                Assert.True(q.Offered && q.Point.Feasible && q.Point.ExpectedProfit > 0);
                var price = o.Explanation.Reasons.Single(r => r.Kind == "price").Text;
                if (q.BestAlone >= 0 && q.BestAlone != q.Chosen)
                {
                    repriced++;
                    // Under the answer's exploration draw, which decided both.
                    Assert.True(q.Curve[q.BestAlone].SampledProfit >= q.Point.SampledProfit, "the stand-alone choice earns at least as much alone");
                    Assert.Contains("alone, ", price);
                    Assert.Contains("a customer takes at most one", price);
                }
                else
                    Assert.DoesNotContain("a customer takes at most one", price);
            }
        }
        Assert.True(users >= 50);
        Assert.True(repriced > 0, "no offer was ever priced differently beside the others");
    }
}
