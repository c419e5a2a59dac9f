using BundleForge.Bundles;
using BundleForge.Synthetic;

namespace BundleForge.Core.Tests.Bundles;

public class AcceptanceFeedbackTests
{
    [Fact]
    public void Accepts_RaiseThePosterior_AndDeclines_LowerIt()
    {
        var f = new AcceptanceFeedback();
        var rng = new SyntheticRandom(1);
        double before = f.Calibration("budget", 0.10, 0.2, ref rng, explore: false);
        Assert.Equal(1.0, before, 9);
        for (int k = 0; k < 30; k++) f.Record(new OfferEvent(OfferEventKind.Accepted, "budget", 0.10, 0.2));
        double up = f.Calibration("budget", 0.10, 0.2, ref rng, explore: false);
        Assert.True(up > 2, $"calibration after 30 accepts {up}");
        for (int k = 0; k < 30; k++) f.Record(new OfferEvent(OfferEventKind.Declined, "premium", 0.10, 0.2));
        double down = f.Calibration("premium", 0.10, 0.2, ref rng, explore: false);
        Assert.True(down < 0.5, $"calibration after 30 declines {down}");
        // Other segments and levels are untouched.
        Assert.Equal(1.0, f.Calibration("budget", 0.20, 0.2, ref rng, explore: false), 9);
        Assert.Equal((0L, 30L, 0L), f.Counts("budget", 0.10));
    }

    [Fact]
    public void ThompsonDraws_AreSeeded_VaryWithoutData_AndNarrowWithData()
    {
        static double[] Draws(AcceptanceFeedback f, long seed)
        {
            var rng = new SyntheticRandom(seed);
            return Enumerable.Range(0, 400).Select(_ => f.Calibration("s", 0.05, 0.3, ref rng, explore: true)).ToArray();
        }
        var f = new AcceptanceFeedback();
        var a = Draws(f, 5);
        Assert.Equal(a, Draws(f, 5));
        double spreadBefore = StdDev(a);
        Assert.True(spreadBefore > 0.1, $"prior draws spread {spreadBefore}");
        for (int k = 0; k < 300; k++) f.Record(new OfferEvent(k % 10 < 3 ? OfferEventKind.Accepted : OfferEventKind.Declined, "s", 0.05, 0.3));
        var after = Draws(f, 5);
        Assert.True(StdDev(after) < spreadBefore / 3, $"{StdDev(after)} vs {spreadBefore}");
        Assert.InRange(after.Average(), 0.9, 1.1);
    }

    [Fact]
    public void PricerLearnsThatALevelSells()
    {
        var catalog = BundleTestData.Catalog([40f, 40f], [16f, 16f]);
        var strategy = new MarketStrategy { PriceEnding = null, DiscountStep = 0.05, MaxDiscount = 0.3, Exploration = false };
        var model = new AcceptanceModel();
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
