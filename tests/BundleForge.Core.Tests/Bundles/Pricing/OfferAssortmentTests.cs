using BundleForge.Bundles.Pricing;

namespace BundleForge.Core.Tests.Bundles.Pricing;

public class OfferAssortmentTests
{
    /// <summary>A quote whose acceptance follows σ(a + b·d) on a 5% grid up to 30% off, gain = price − cost.</summary>
    private static PriceQuote Logistic(double list, double cost, double a, double b, bool offered = true)
    {
        var curve = new List<PricePoint>();
        for (int k = 0; k <= 6; k++)
        {
            double d = 0.05 * k, price = Math.Round(list * (1 - d), 2), acc = 1 / (1 + Math.Exp(-(a + b * d)));
            curve.Add(new PricePoint(d, price, acc, acc, acc * (price - cost), (price - cost) / price, price > cost));
        }
        int best = -1;
        for (int k = 0; k < curve.Count; k++)
            if (curve[k].Feasible && (best < 0 || curve[k].ExpectedProfit > curve[best].ExpectedProfit))
                best = k;
        return new PriceQuote { ListPrice = list, Cost = cost, OrganicProfit = 0, MaxDiscount = 0.3, Curve = curve, Chosen = offered ? best : -1, Reason = offered ? null : "test" };
    }

    /// <summary>Independent judge: customers drawn from each quote's own logistic curve (valuation list·(1 − d*)),
    /// each taking the acceptable shown offer with the largest surplus; the mean gain per customer.</summary>
    private static double Judge(IReadOnlyList<PriceQuote> quotes, IReadOnlyList<(int Quote, int Point)> shown, int customers = 200_000)
    {
        var rng = new SeededRandom(99);
        var lines = quotes.Select(q =>
        {
            // The exact line behind Logistic(): two points suffice.
            double z0 = Logit(q.Curve[0].Acceptance), z1 = Logit(q.Curve[1].Acceptance);
            double b = (z1 - z0) / (q.Curve[1].Discount - q.Curve[0].Discount);
            return (A: z0 - b * q.Curve[0].Discount, B: b);
        }).ToArray();
        double total = 0;
        for (int c = 0; c < customers; c++)
        {
            double best = -1, gain = 0;
            foreach (var (q, p) in shown)
            {
                double u = rng.NextDouble();
                double w = quotes[q].ListPrice * (1 - (Logit(u) - lines[q].A) / lines[q].B);
                var pt = quotes[q].Curve[p];
                double surplus = w - pt.Price;
                if (surplus >= 0 && surplus > best)
                { best = surplus; gain = pt.Price - quotes[q].Cost; }
            }
            total += gain;
        }
        return total / customers;
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));

    private static (int, int)[] Choose(IReadOnlyList<PriceQuote> quotes, int count, long seed = 7)
    {
        var rng = new SeededRandom(seed);
        return OfferAssortment.Choose(quotes, count, ref rng);
    }

    [Fact]
    public void OneOffer_IsPricedAtItsOwnBestPoint()
    {
        // Steep response and a fat margin: the stand-alone optimum is well inside the grid and clearly best.
        var quote = Logistic(100, 40, -3, 12);
        var chosen = Choose([quote], 1);
        Assert.Single(chosen);
        Assert.Equal((0, quote.Chosen), chosen[0]);
    }

    [Fact]
    public void ChoosingTogether_EarnsMoreThanTheBestOffersAlone_WhenADeepDiscountWouldTakeTheSale()
    {
        // Offer 0: a fat margin that sells well near list. Offer 1: thin margin, very price-sensitive; alone its best
        // point is the deepest discount, where customers who would have taken offer 0 take it instead.
        var quotes = new[] { Logistic(100, 30, 0.5, 6), Logistic(100, 70, -4, 25), Logistic(60, 40, -2, 6) };
        var independent = new[] { (0, quotes[0].Chosen), (1, quotes[1].Chosen) };
        var together = Choose(quotes, 2);
        double independentValue = Judge(quotes, independent), togetherValue = Judge(quotes, together);
        Assert.True(togetherValue > independentValue * 1.02,
            $"together {togetherValue:0.00} ({string.Join(", ", together)}) vs independent {independentValue:0.00}");
    }

    [Fact]
    public void AnOfferThatTakesSales_IsPricedAboveItsOwnOptimum_AndTheAnswerIsStillFull()
    {
        // Offer 1 alone is best at a deep discount; beside the fat-margin offer 0 that discount mostly moves customers
        // from 0 to 1, so it is shown at a higher price. Two were asked for: both are shown.
        var quotes = new[] { Logistic(100, 30, 0, 4), Logistic(100, 50, -1, 12) };
        var chosen = Choose(quotes, 2);
        Assert.Equal(2, chosen.Length);
        Assert.Equal(0, chosen[0].Item1);
        var second = chosen.Single(c => c.Item1 == 1);
        Assert.True(quotes[1].Curve[second.Item2].Discount < quotes[1].Point.Discount,
            $"offer 1 at {quotes[1].Curve[second.Item2].Discount:P0}, its own optimum {quotes[1].Point.Discount:P0}");
        Assert.True(Judge(quotes, chosen) > Judge(quotes, [(0, quotes[0].Chosen), (1, quotes[1].Chosen)]));
    }

    [Fact]
    public void QuotesThatAreNotOffered_AreNeverShown_AndNothingGivesNothing()
    {
        var quotes = new[] { Logistic(100, 30, 0, 6, offered: false), Logistic(80, 30, -1, 6), Logistic(90, 30, -1, 6, offered: false) };
        var chosen = Choose(quotes, 3);
        Assert.All(chosen, c => Assert.Equal(1, c.Item1));
        Assert.Empty(Choose([], 3));
        Assert.Empty(Choose(quotes, 0));
    }

    [Fact]
    public void ChosenPoints_AreFeasibleAndProfitable_AndTheSameSeedGivesTheSameAnswer()
    {
        var rng = new SeededRandom(5);
        for (int trial = 0; trial < 200; trial++)
        {
            var quotes = Enumerable.Range(0, 9).Select(_ =>
                Logistic(10 + 90 * rng.NextDouble(), 5 + 40 * rng.NextDouble(), -4 + 5 * rng.NextDouble(), -2 + 20 * rng.NextDouble())).ToArray();
            var chosen = Choose(quotes, 3, trial);
            Assert.Equal(Math.Min(3, quotes.Count(q => q.Offered && q.Curve.Any(p => p.Feasible && p.ExpectedProfit > 0))), chosen.Length);
            Assert.Equal(chosen.Length, chosen.Select(c => c.Item1).Distinct().Count());
            foreach (var (q, p) in chosen)
            {
                Assert.True(quotes[q].Offered);
                Assert.True(quotes[q].Curve[p].Feasible);
                Assert.True(quotes[q].Curve[p].ExpectedProfit > 0);
            }
            Assert.Equal(chosen, Choose(quotes, 3, trial));
        }
    }
}
