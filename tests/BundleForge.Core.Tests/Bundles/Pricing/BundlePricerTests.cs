using BundleForge.Bundles;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;

namespace BundleForge.Core.Tests.Bundles.Pricing;

public class BundlePricerTests
{
    private sealed class FixedDemand(double p) : IOrganicDemand
    {
        public double Probability(UserContext user, int item) => p;
    }

    [Fact]
    public void A_bundle_with_a_never_sold_product_is_priced_at_its_most_profitable_allowed_point()
    {
        // Item 0 is in half of all orders; item 1 is a new product nobody bought (placed from its text). Its pair with
        // item 0 carries borrowed complementarity but no co-purchase facts, as NewItemPairScorer gives it.
        var catalog = BundleTestData.Catalog([20f, 30f], [10f, 21f]);
        var strategy = new MarketStrategy { MarginFloor = 0.2, MaxDiscount = 0.3, DiscountStep = 0.01, PriceEnding = null, MinDiscount = 0, Exploration = false };
        var organic = new PopularityOrganicDemand(new[] { 50, 0 }, 100);
        var bundle = new ComposedBundle
        {
            Items = [0, 1],
            Score = 1,
            Relevance = 0.6f,
            Complementarity = 0.4f,
            Propensity = 0,
            ListPrice = 50,
            Cost = 31,
            HasOverstockedItem = false,
            Pairs = [(0, 1, new PairEvidence(0.4f, 0))],
            ItemSources = [("test", SignalEvidence.None), ("new", new SignalEvidence(EvidenceKind.NewProduct, 0))],
            Personalised = true,
        };
        Assert.True(bundle.IsNewAt(1));
        var model = new AcceptanceModel();
        var quote = new BundlePricer(catalog, strategy, model, organic).Quote(bundle, new UserContext { User = 3 });

        // Nobody buys the new product anyway: only item 0's list profit (half of 10) is deducted.
        Assert.Equal(0.5 * 10, quote.OrganicProfit, 9);
        // No co-purchase evidence: the prior at list price rests on relevance alone.
        Assert.Equal(model.Base + model.RelevanceWeight * 0.6, model.BasePropensity(bundle), 6);
        Assert.True(quote.Offered, quote.Reason);
        var offerable = quote.Curve.Where(p => p.Offerable).ToList();
        Assert.True(offerable.Count > 1);
        Assert.Equal(offerable.Max(p => p.ExpectedProfit), quote.Point.ExpectedProfit, 9);
        Assert.True(quote.Point.Margin >= strategy.MarginFloor - 1e-9, $"margin {quote.Point.Margin}");
        Assert.True(quote.Point.Discount <= strategy.MaxDiscount + 1e-9);
        // The floors still bind: no feasible point under the margin floor, and the deepest discount stops there.
        Assert.All(quote.Curve.Where(p => p.Feasible), p => Assert.True((p.Price - 31) / p.Price >= 0.2 - 1e-9));
        Assert.Contains(quote.Curve, p => !p.Feasible);
    }

    [Fact]
    public void RandomBundlesAndStrategies_NeverBreakTheConstraints()
    {
        var rng = new SeededRandom(2024);
        double[] steps = [0, 0.01, 0.05, 0.1];
        double?[] endings = [null, 0.99, 0.95, 0.5, 0.0];
        int offered = 0, refused = 0;
        for (int trial = 0; trial < 3_000; trial++)
        {
            int n = rng.NextInt(2, 5);
            var price = new float[n];
            var cost = new float[n];
            for (int i = 0; i < n; i++)
            {
                price[i] = (float)Math.Round(rng.NextLogNormal(20, 1.0), 2) + 0.01f;
                cost[i] = (float)Math.Round(price[i] * (0.3 + 0.85 * rng.NextDouble()), 2);
            }
            var catalog = BundleTestData.Catalog(price, cost);
            double maxDiscount = Math.Round(0.6 * rng.NextDouble(), 3);
            double step = steps[rng.NextInt(steps.Length)];
            if (step > maxDiscount)
                step = 0;
            var strategy = new MarketStrategy
            {
                MarginFloor = Math.Round(0.5 * rng.NextDouble(), 3),
                MaxDiscount = maxDiscount,
                DiscountStep = step,
                PriceEnding = endings[rng.NextInt(endings.Length)],
                OverstockExtraDiscount = rng.Chance(0.3) ? 0.1 : 0,
                OverstockUnits = 100,
                Exploration = rng.Chance(0.5),
            };
            bool overstock = rng.Chance(0.3);
            var bundle = BundleTestData.Bundle(catalog, Enumerable.Range(0, n).ToArray(), (float)rng.NextDouble(), (float)rng.NextDouble(), overstock);
            var pricer = new BundlePricer(catalog, strategy, new AcceptanceModel(), new FixedDemand(0.3 * rng.NextDouble()), seed: trial);
            var user = new UserContext { PriceSensitivity = (float)(0.5 + 1.5 * rng.NextDouble()) };
            var quote = pricer.Quote(bundle, user);

            double maxAllowed = strategy.MaxDiscountFor(overstock);
            // The list price in cents, as the pricer and the shop charge it (the float sum of the items is off by ~1e-7).
            double list = Math.Round(bundle.ListPrice, 2);
            foreach (var p in quote.Curve.Where(p => p.Feasible))
            {
                Assert.True(p.Price >= bundle.Cost - 1e-9, $"trial {trial}: price {p.Price} below cost {bundle.Cost}");
                Assert.True((p.Price - bundle.Cost) / p.Price >= strategy.MarginFloor - 1e-9, $"trial {trial}: margin below floor");
                Assert.True(1 - p.Price / list <= maxAllowed + 1e-9, $"trial {trial}: discount above max");
                Assert.True(p.Price <= list + 1e-9, $"trial {trial}: price above list");
                Assert.Equal(Math.Round(p.Price, 2), p.Price, 9);
            }
            double listMargin = (list - bundle.Cost) / list;
            if (listMargin < strategy.MarginFloor)
                Assert.False(quote.Offered, $"trial {trial}: offered below the floor at list");
            if (quote.Offered)
            {
                offered++;
                var c = quote.Point;
                Assert.True(c.Feasible);
                Assert.True(c.ExpectedProfit > 0);
                Assert.True(c.Price >= bundle.Cost && (c.Price - bundle.Cost) / c.Price >= strategy.MarginFloor - 1e-9);
                Assert.Equal(quote.Curve.Where(p => p.Feasible).Max(p => p.ExpectedProfit), c.ExpectedProfit);
                if (strategy.PriceEnding is double e)
                    Assert.Equal(e, Math.Round(c.Price - Math.Floor(c.Price), 2), 6);
            }
            else
            {
                refused++;
                Assert.NotNull(quote.Reason);
            }
        }
        Assert.True(offered > 300 && refused > 300, $"offered {offered}, refused {refused}: the random cases must cover both");
    }

    [Fact]
    public void BundleBelowTheFloorAtListPrice_IsNotOffered()
    {
        var catalog = BundleTestData.Catalog([10f, 10f], [9f, 9f]);
        var pricer = new BundlePricer(catalog, new MarketStrategy { MarginFloor = 0.2 }, new AcceptanceModel());
        var quote = pricer.Quote(BundleTestData.Bundle(catalog, [0, 1]), new UserContext());
        Assert.False(quote.Offered);
        Assert.Contains("margin floor", quote.Reason);
        Assert.All(quote.Curve, p => Assert.False(p.Feasible));
    }

    [Fact]
    public void ItemsBoughtAnyway_PushThePriceUp()
    {
        var catalog = BundleTestData.Catalog([30f, 20f], [12f, 8f]);
        var strategy = new MarketStrategy { Exploration = false, PriceEnding = null, DiscountStep = 0.01 };
        var bundle = BundleTestData.Bundle(catalog, [0, 1], propensity: 0.1f);
        var user = new UserContext();
        var free = new BundlePricer(catalog, strategy, new AcceptanceModel(), new FixedDemand(0)).Quote(bundle, user);
        var cannibal = new BundlePricer(catalog, strategy, new AcceptanceModel(), new FixedDemand(0.3)).Quote(bundle, user);
        Assert.True(free.Offered && cannibal.Offered);
        Assert.True(cannibal.Point.Discount < free.Point.Discount, $"{cannibal.Point.Discount} vs {free.Point.Discount}");
        var certain = new BundlePricer(catalog, strategy, new AcceptanceModel(), new FixedDemand(1)).Quote(bundle, user);
        Assert.False(certain.Offered);
    }

    [Fact]
    public void MoreSensitiveUsers_GetDeeperDiscounts_WhenAcceptanceIsRare()
    {
        // With a rare base acceptance the logistic response is nearly exponential, so the best discount is about
        // margin − 1/(slope · sensitivity): deeper for the more sensitive user.
        var catalog = BundleTestData.Catalog([30f, 20f], [15f, 10f]);
        var strategy = new MarketStrategy { Exploration = false, PriceEnding = null, DiscountStep = 0.01, MaxDiscount = 0.5, MarginFloor = 0.05 };
        var bundle = BundleTestData.Bundle(catalog, [0, 1]);
        var model = new AcceptanceModel { Base = 0.01, ConfidenceWeight = 0, RelevanceWeight = 0 };
        var pricer = new BundlePricer(catalog, strategy, model);
        var calm = pricer.Quote(bundle, new UserContext { PriceSensitivity = 0.5f });
        var keen = pricer.Quote(bundle, new UserContext { PriceSensitivity = 1f });
        Assert.InRange(calm.Point.Discount, 0.2, 0.3);
        Assert.InRange(keen.Point.Discount, 0.32, 0.42);
        Assert.True(keen.Point.Discount > calm.Point.Discount);
    }

    [Fact]
    public void MoreSensitiveUsers_RespondMoreSteeplyToDiscounts()
    {
        var catalog = BundleTestData.Catalog([30f, 20f], [10f, 6f]);
        var bundle = BundleTestData.Bundle(catalog, [0, 1]);
        var model = new AcceptanceModel();
        var calm = new UserContext { PriceSensitivity = 0.5f };
        var keen = new UserContext { PriceSensitivity = 2f };
        Assert.Equal(model.Predict(bundle, calm, 0), model.Predict(bundle, keen, 0), 12);
        Assert.True(model.Predict(bundle, keen, 0.2) > model.Predict(bundle, calm, 0.2) + 0.1);
    }

    [Fact]
    public void Curve_CoversListToMaxDiscount_OnTheStepGrid()
    {
        var catalog = BundleTestData.Catalog([50f, 50f], [20f, 20f]);
        var strategy = new MarketStrategy { PriceEnding = null, DiscountStep = 0.05, MaxDiscount = 0.3, Exploration = false, MinDiscount = 0 };
        var quote = new BundlePricer(catalog, strategy, new AcceptanceModel()).Quote(BundleTestData.Bundle(catalog, [0, 1]), new UserContext());
        Assert.Equal([100.0, 95, 90, 85, 80, 75, 70], quote.Curve.Select(p => p.Price).ToArray());
        // List price is a point of the curve, but no offer unless the minimum discount is 0 (and here it is not even a
        // rounding step off: without a price ending the step is a cent).
        Assert.Equal(100.0, quote.AtList!.Value.Price);
        var withMinimum = new BundlePricer(catalog, strategy with { MinDiscount = 0.05 }, new AcceptanceModel()).Quote(BundleTestData.Bundle(catalog, [0, 1]), new UserContext());
        Assert.Equal(quote.Curve.Select(p => p.Price), withMinimum.Curve.Select(p => p.Price));
        Assert.False(withMinimum.Curve[0].Feasible);
        Assert.Equal(95.0, withMinimum.AtList!.Value.Price);
        Assert.Equal(70.0, quote.AtMaxDiscount!.Value.Price);
        // Acceptance rises with the discount.
        for (int k = 1; k < quote.Curve.Count; k++)
            Assert.True(quote.Curve[k].Acceptance > quote.Curve[k - 1].Acceptance);
    }

    [Fact]
    public void QuotesSharingADraw_ArePricedUnderOneSampledModel()
    {
        var catalog = BundleTestData.Catalog([20f, 10f, 15f], [8f, 4f, 6f]);
        var pricer = new BundlePricer(catalog, new MarketStrategy { Exploration = true }, new AcceptanceModel());
        var user = new UserContext { User = 1, History = [0], HistoryTime = [0], Now = 86_400 };
        var ab = BundleTestData.Bundle(catalog, [0, 1]);
        var ac = BundleTestData.Bundle(catalog, [0, 2]);
        static double[] Curve(PriceQuote q) => q.Curve.Select(p => p.SampledAcceptance).ToArray();
        static double[] Shown(PriceQuote q) => q.Curve.Select(p => p.Acceptance).ToArray();
        // The same draw prices the same bundle identically; the prior is wide, so separate draws differ.
        Assert.Equal(Curve(pricer.Quote(ab, user, 7)), Curve(pricer.Quote(ab, user, 7)));
        Assert.NotEqual(Curve(pricer.Quote(ab, user, 7)), Curve(pricer.Quote(ab, user, 8)));
        // What is shown is the posterior estimate, whatever the draw; without a draw the estimate also decides.
        Assert.Equal(Shown(pricer.Quote(ab, user, 7)), Shown(pricer.Quote(ab, user, 8)));
        Assert.Equal(Shown(pricer.Quote(ab, user)), Curve(pricer.Quote(ab, user)));
        // A second bundle of the same answer (same draw) is reproducible too, whatever was quoted in between.
        var first = Curve(pricer.Quote(ac, user, 7));
        pricer.Quote(ab, user);
        Assert.Equal(first, Curve(pricer.Quote(ac, user, 7)));
    }
}
