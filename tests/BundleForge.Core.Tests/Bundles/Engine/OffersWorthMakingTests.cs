using BundleForge.Bundles;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;
using BundleForge.Core.Tests.Evaluation.Bundles;

namespace BundleForge.Core.Tests.Bundles.Engine;

/// <summary>Only offers worth making are shown: at least the minimum discount (and one rounding step), a positive
/// expected incremental profit above the strategy's minimum, no cart item or variant filling a bundle; when nothing
/// qualifies the answer says why, by reason.</summary>
public class OffersWorthMakingTests
{
    [Fact]
    public void OverManyUsers_NoOfferIsBelowTheMinimumDiscount_OrWithoutPositiveIncrementalProfit()
    {
        // A minimum that bites: the median expected profit of what the default strategy offers the first users.
        var (_, data, open) = ShopSimulatorTests.Shop(8);
        var prices = UserPriceProfile.Build(data.Items);
        var profits = Enumerable.Range(0, 60).SelectMany(u => open.Recommend(UserContext.FromDataset(data, u, prices: prices)))
            .Select(o => o.Quote.Point.ExpectedProfit).Order().ToArray();
        Assert.NotEmpty(profits);
        Assert.All(profits, p => Assert.True(p > 0));
        var strategy = MarketStrategy.Default with { MinExpectedProfit = Math.Round(profits[profits.Length / 2], 2) };
        var (_, _, engine) = ShopSimulatorTests.Shop(8, strategy);
        var variants = ProductVariants.Of(data.Items);
        int offers = 0, answers = 0, belowMin = 0;
        for (int u = 0; u < 400; u++)
        {
            int[] cart = u % 4 == 1 ? [(u * 13) % data.Items.Count, (u * 29) % data.Items.Count] : [];
            int anchor = u % 4 == 2 ? (u * 7) % data.Items.Count : -1;
            var user = UserContext.FromDataset(data, u, cart.Distinct().ToArray(), anchor, prices);
            var answer = engine.Answer(user);
            answers++;
            belowMin += answer.Withheld.BelowMinExpectedProfit;
            // Every shown offer is a composed bundle that was not withheld.
            Assert.InRange(answer.Offers.Count, 0, answer.Withheld.Composed - answer.Withheld.Total);
            foreach (var o in answer.Offers)
            {
                offers++;
                var p = o.Quote.Point;
                Assert.True(p.Discount >= strategy.MinDiscount - 1e-9, $"discount {p.Discount:P2} below the minimum");
                Assert.True(o.Quote.ListPrice - p.Price >= strategy.RoundingStep - 1e-9, $"{o.Quote.ListPrice} → {p.Price} is only rounding");
                Assert.True(p.ExpectedProfit > 0 && p.ExpectedProfit > strategy.MinExpectedProfit, $"expected incremental profit {p.ExpectedProfit}");
                Assert.True(p.UnitProfit > 0);
                foreach (int i in o.Bundle.Items)
                {
                    Assert.DoesNotContain(i, user.Cart);
                    if (i != anchor && anchor >= 0)
                        Assert.False(variants.SameProduct(i, anchor), "a variant of the anchor filled a bundle");
                }
            }
        }
        Assert.True(offers > 200, $"only {offers} offers in {answers} answers");
        Assert.True(belowMin > 0, "the minimum expected profit should withhold some bundles");
    }

    [Fact]
    public void WhenNothingQualifies_TheAnswerIsEmpty_AndCountsWhy()
    {
        var strict = MarketStrategy.Default with { MinExpectedProfit = 10_000 };
        var (_, data, engine) = ShopSimulatorTests.Shop(8, strict);
        var prices = UserPriceProfile.Build(data.Items);
        int checkedUsers = 0;
        for (int u = 0; u < 60; u++)
        {
            var answer = engine.Answer(UserContext.FromDataset(data, u, prices: prices));
            Assert.Empty(answer.Offers);
            if (answer.Withheld.Composed == 0)
                continue;
            checkedUsers++;
            Assert.Equal(answer.Withheld.Composed, answer.Withheld.Total);
            Assert.True(answer.Withheld.BelowMinExpectedProfit > 0);
            Assert.Contains("below the minimum expected profit", answer.Withheld.Summary());
        }
        Assert.True(checkedUsers > 30);

        // A minimum discount the margin floor cannot afford: no allowed price.
        var (_, data2, tight) = ShopSimulatorTests.Shop(8, MarketStrategy.Default with { MarginFloor = 0.6, MinDiscount = 0.3, MaxDiscount = 0.3 });
        var none = tight.Answer(UserContext.FromDataset(data2, 0, prices: UserPriceProfile.Build(data2.Items)));
        Assert.Empty(none.Offers);
        Assert.Equal(none.Withheld.Composed, none.Withheld.NoAllowedPrice);
    }

    [Fact]
    public void MinimumDiscount_IsAtLeastOneRoundingStep()
    {
        var catalog = BundleTestData.Catalog([4f, 4f], [1f, 1f]);
        var bundle = BundleTestData.Bundle(catalog, [0, 1]);
        // £8.00 with prices ending in .99 and a tiny minimum (0.1%): £7.99 is 0.125% off but only rounding; the first
        // real discount is £6.99.
        var pricer = new BundlePricer(catalog, MarketStrategy.Default with { MinDiscount = 0.001, Exploration = false }, new AcceptanceModel());
        var quote = pricer.Quote(bundle, new UserContext());
        Assert.True(quote.Offered);
        Assert.Contains(quote.Curve, p => !p.Feasible && Math.Abs(p.Price - 7.99) < 1e-9);
        Assert.DoesNotContain(quote.Curve, p => p.Feasible && p.Price > 7);
        Assert.Contains(quote.Curve, p => p.Feasible && Math.Abs(p.Price - 6.99) < 1e-9);
        // A minimum of 0 allows bundles at (or a rounding step below) list price.
        var none = new BundlePricer(catalog, MarketStrategy.Default with { MinDiscount = 0, Exploration = false }, new AcceptanceModel());
        Assert.Contains(none.Quote(bundle, new UserContext()).Curve, p => p.Feasible && Math.Abs(p.Price - 7.99) < 1e-9);

        // Without a price ending the step is a cent, and 5% off is the default minimum.
        var cents = new BundlePricer(catalog, MarketStrategy.Default with { PriceEnding = null, Exploration = false }, new AcceptanceModel());
        var q2 = cents.Quote(bundle, new UserContext());
        Assert.All(q2.Curve.Where(p => p.Feasible), p => Assert.True(p.Discount >= 0.05 - 1e-9));
        Assert.Contains(q2.Curve, p => !p.Feasible && p.Discount < 0.05);
    }

    [Fact]
    public void ExplicitPrice_OfABundleWithNoRoomForTheMinimumDiscount_SaysSo()
    {
        // 10% margin at list (the only price above the 8% floor, 19.99, is only a rounding step off); 5% off leaves 5%.
        var catalog = BundleTestData.Catalog([10f, 10f], [9f, 9f]);
        var pricer = new BundlePricer(catalog, MarketStrategy.Default with { MarginFloor = 0.08, Exploration = false }, new AcceptanceModel());
        var quote = pricer.Quote(BundleTestData.Bundle(catalog, [0, 1]), new UserContext());
        Assert.False(quote.Offered);
        Assert.Equal(WithholdReason.NoAllowedPrice, quote.Withheld);
        Assert.Contains("minimum discount", quote.Reason);
    }
}
