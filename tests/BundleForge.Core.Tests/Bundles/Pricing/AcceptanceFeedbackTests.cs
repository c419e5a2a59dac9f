using BundleForge.Bundles;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;

namespace BundleForge.Core.Tests.Bundles.Pricing;

public class AcceptanceFeedbackTests
{
    [Fact]
    public void Accepts_RaiseThePosterior_AndDeclines_LowerIt()
    {
        var f = new AcceptanceFeedback();
        var rng = new SeededRandom(1);
        double before = f.Calibration("budget", 0.10, 0.2, ref rng, explore: false);
        Assert.Equal(1.0, before, 9);
        for (int k = 0; k < 30; k++)
            f.Record(new OfferEvent(OfferEventKind.Accepted, "budget", 0.10, 0.2));
        double up = f.Calibration("budget", 0.10, 0.2, ref rng, explore: false);
        Assert.True(up > 2, $"calibration after 30 accepts {up}");
        for (int k = 0; k < 30; k++)
            f.Record(new OfferEvent(OfferEventKind.Declined, "premium", 0.10, 0.2));
        double down = f.Calibration("premium", 0.10, 0.2, ref rng, explore: false);
        Assert.True(down < 0.5, $"calibration after 30 declines {down}");
        // Other segments are untouched; other levels of the segment learn through the pooled shift.
        Assert.Equal(1.0, f.Calibration("standard", 0.10, 0.2, ref rng, explore: false), 9);
        Assert.True(f.Calibration("budget", 0.20, 0.2, ref rng, explore: false) > 1.5);
        Assert.True(f.Calibration("premium", 0.00, 0.2, ref rng, explore: false) < 0.8);
        Assert.Equal((0L, 30L, 0L), f.Counts("budget", 0.10));
    }

    [Fact]
    public void WithoutPooling_OtherLevelsKeepTheirPrior()
    {
        var f = new AcceptanceFeedback { PoolLevels = false };
        var rng = new SeededRandom(1);
        for (int k = 0; k < 30; k++)
            f.Record(new OfferEvent(OfferEventKind.Accepted, "budget", 0.10, 0.2));
        Assert.Equal(1.0, f.Calibration("budget", 0.20, 0.2, ref rng, explore: false), 9);
        Assert.Equal(0, f.PooledShift("budget"));
    }

    [Fact]
    public void PooledShift_RecoversHowMuchMoreCustomersAccept_AndSurvivesSaving()
    {
        var f = new AcceptanceFeedback();
        Assert.Equal(0, f.PooledShift("s"));
        // The model predicts 0.2 at 10% off and 0.3 at 20% off; customers accept at 0.5 and 0.6: logit 0.5 − logit 0.2
        // = 1.39 and logit 0.6 − logit 0.3 = 1.25, so the correction is δ + γ·d with γ = −1.4 (the discount moves them a
        // little less than the model's slope says) and δ = 1.53.
        for (int k = 0; k < 1000; k++)
        {
            f.Record(new OfferEvent(k % 10 < 5 ? OfferEventKind.Accepted : OfferEventKind.Declined, "s", 0.10, 0.2));
            f.Record(new OfferEvent(k % 10 < 6 ? OfferEventKind.Accepted : OfferEventKind.Declined, "s", 0.20, 0.3));
        }
        var (shift, slope) = f.PooledCorrection("s");
        Assert.InRange(shift, 1.4, 1.65);
        Assert.InRange(slope, -2.2, -0.6);
        // An untried level's prior moves with the segment: 0.1 predicted at list becomes about σ(logit 0.1 + 1.53) ≈ 0.34.
        var (a, b) = f.Posterior("s", 0.0, 0.1);
        Assert.InRange(a / (a + b), 0.30, 0.38);
        var path = Path.Combine(Path.GetTempPath(), $"bf-feedback-{Guid.NewGuid():N}.json");
        try
        {
            f.Save(path);
            var g = AcceptanceFeedback.Load(path);
            Assert.True(g.PoolLevels);
            Assert.Equal(f.PooledShift("s"), g.PooledShift("s"), 9);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Pricer_StopsDiscounting_WhenCustomersAcceptMoreThanThePessimisticModelExpects()
    {
        var catalog = BundleTestData.Catalog([40f, 40f], [16f, 16f]);
        var strategy = new MarketStrategy { PriceEnding = null, DiscountStep = 0.05, MaxDiscount = 0.3, Exploration = false };
        // The per-cell learner (events without offer features).
        var pricer = new BundlePricer(catalog, strategy, new AcceptanceModel { Feedback = new AcceptanceFeedback { UseOfferModel = false } });
        var bundle = BundleTestData.Bundle(catalog, [0, 1], propensity: 0.02f, relevance: 0.1f);
        var user = new UserContext { Segment = "standard" };
        var first = pricer.Quote(bundle, user);
        Assert.True(first.Point.Discount >= 0.2, $"a pessimistic model discounts deeply, chose {first.Point.Discount}");
        // Customers accept 90% of the offers at the discount the shop tried; the list price was never tried.
        for (int k = 0; k < 200; k++)
            pricer.Record(new OfferEvent(k % 10 < 9 ? OfferEventKind.Accepted : OfferEventKind.Declined, "standard", first.Point.Discount, first.Point.ModelAcceptance));
        var learned = pricer.Quote(bundle, user);
        Assert.True(learned.Point.Discount <= first.Point.Discount - 0.1, $"still discounting {learned.Point.Discount:P0} although nearly everyone accepts");
        // Independent cells (no pooling) never learn that: the untried list price keeps its pessimistic prior.
        var independent = new BundlePricer(catalog, strategy, new AcceptanceModel { Feedback = new AcceptanceFeedback { PoolLevels = false, UseOfferModel = false } });
        for (int k = 0; k < 200; k++)
            independent.Record(new OfferEvent(k % 10 < 9 ? OfferEventKind.Accepted : OfferEventKind.Declined, "standard", first.Point.Discount, first.Point.ModelAcceptance));
        Assert.Equal(first.Point.Discount, independent.Quote(bundle, user).Point.Discount, 9);
    }

    [Fact]
    public void ThompsonDraws_AreSeeded_VaryWithoutData_AndNarrowWithData()
    {
        static double[] Draws(AcceptanceFeedback f, long seed)
        {
            var rng = new SeededRandom(seed);
            return Enumerable.Range(0, 400).Select(_ => f.Calibration("s", 0.05, 0.3, ref rng, explore: true)).ToArray();
        }
        var f = new AcceptanceFeedback();
        var a = Draws(f, 5);
        Assert.Equal(a, Draws(f, 5));
        double spreadBefore = StdDev(a);
        Assert.True(spreadBefore > 0.1, $"prior draws spread {spreadBefore}");
        for (int k = 0; k < 300; k++)
            f.Record(new OfferEvent(k % 10 < 3 ? OfferEventKind.Accepted : OfferEventKind.Declined, "s", 0.05, 0.3));
        var after = Draws(f, 5);
        Assert.True(StdDev(after) < spreadBefore / 3, $"{StdDev(after)} vs {spreadBefore}");
        Assert.InRange(after.Average(), 0.9, 1.1);
    }

    [Fact]
    public void PricerLearnsThatALevelSells()
    {
        var catalog = BundleTestData.Catalog([40f, 40f], [16f, 16f]);
        var strategy = new MarketStrategy { PriceEnding = null, DiscountStep = 0.05, MaxDiscount = 0.3, Exploration = false };
        var model = new AcceptanceModel { Feedback = new AcceptanceFeedback { UseOfferModel = false } };
        var pricer = new BundlePricer(catalog, strategy, model);
        var bundle = BundleTestData.Bundle(catalog, [0, 1], propensity: 0.1f);
        var user = new UserContext { Segment = "standard" };
        var first = pricer.Quote(bundle, user);
        double target = 0.25;
        Assert.NotEqual(target, Math.Round(first.Point.Discount, 2));
        // Customers turn out to decline everything except 25% off, which they accept.
        foreach (var p in first.Curve)
            for (int k = 0; k < 40; k++)
                pricer.Record(new OfferEvent(Math.Abs(p.Discount - target) < 0.01 ? OfferEventKind.Accepted : OfferEventKind.Declined, "standard", p.Discount, p.ModelAcceptance));
        var learned = pricer.Quote(bundle, user);
        Assert.Equal(target, learned.Point.Discount, 2);
    }

    private static double StdDev(double[] x)
    {
        double m = x.Average();
        return Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / x.Length);
    }
}
