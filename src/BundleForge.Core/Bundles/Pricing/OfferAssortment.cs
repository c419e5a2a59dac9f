using System.Buffers;

namespace BundleForge.Bundles.Pricing;

/// <summary>Chooses which priced bundles are shown together, and at which point of each one's expected-profit curve,
/// knowing that a customer takes at most one offer of an answer.
/// <para>Pricing each bundle alone ignores that the offers of one answer compete: a customer who would accept two of
/// them takes the one that leaves them the most money, so a deep discount shown beside a profitable offer takes its
/// sale. Each bundle's acceptance curve P(accept | discount d) ≈ σ(A + B·d) (a line fitted to the logits of the
/// pricer's curve, which is the learned logistic response) is read as the distribution of the customer's valuation:
/// they accept any price at or below W = list · (1 − d*), where σ(A + B·d*) = u for a uniform u. On
/// <see cref="Draws"/> common draws of u per bundle (independent across bundles), the customer in each draw takes the
/// acceptable shown offer with the largest surplus W − price, and the value of the set is the mean incremental profit
/// (price − cost − organic profit) of what they take. Offers are added greedily (the bundle and price adding most, or
/// taking least), up to the number asked, then each member's price is re-chosen with the others fixed. With one offer
/// the choice is the stand-alone optimum up to the sampling of the draws.</para></summary>
public static class OfferAssortment
{
    /// <summary>Valuation draws per bundle and request (256: the simulated shops gained ~0.3 points of oracle share over
    /// 128 and lost ~0.4 at 64, docs/BENCHMARKS.md).</summary>
    public const int Draws = 256;
    /// <summary>Passes of price re-choosing after the greedy fill.</summary>
    public const int PricePasses = 3;
    /// <summary>Smallest logit slope per unit of discount assumed: a flat or inverted learned response would make the
    /// valuation undefined.</summary>
    public const double MinSlope = 0.5;

    /// <summary>Picks up to <paramref name="count"/> of <paramref name="quotes"/> (offered ones only) and a point of each
    /// one's curve, valuations drawn from each quote's own acceptance curve (under the exploration draw); only points worth
    /// offering (<see cref="PricePoint.Offerable"/>) are chosen; returns (quote index, point index) pairs in
    /// the order they were added, most valuable first.</summary>
    public static (int Quote, int Point)[] Choose(IReadOnlyList<PriceQuote> quotes, int count, ref SeededRandom rng)
    {
        int m = quotes.Count;
        if (m == 0 || count <= 0)
            return [];
        var valuations = ArrayPool<double>.Shared.Rent(m * Draws);
        try
        {
            for (int q = 0; q < m; q++)
            {
                var w = valuations.AsSpan(q * Draws, Draws);
                if (!quotes[q].Offered)
                { w.Fill(double.NegativeInfinity); continue; }
                var (a, b) = LogitLine(quotes[q].Curve);
                double list = quotes[q].ListPrice;
                for (int r = 0; r < w.Length; r++)
                {
                    double u = Math.Clamp(rng.NextDouble(), 1e-9, 1 - 1e-9);
                    w[r] = list * (1 - (Math.Log(u / (1 - u)) - a) / b);
                }
            }
            // Only points worth offering (PricePoint.Offerable) are eligible; the gain if taken is the incremental profit.
            return Choose(quotes, count, valuations, (q, p) => quotes[q].Offered && p.Offerable ? p.UnitProfit : 0);
        }
        finally { ArrayPool<double>.Shared.Return(valuations); }
    }

    /// <summary>The same choice with the customer's valuations given: <paramref name="valuations"/> holds
    /// <see cref="Draws"/> draws per quote, quote after quote (−∞: never accepts, e.g. does not look), and
    /// <paramref name="gain"/> the incremental profit if the customer takes quote q at a point (≤ 0: not eligible).
    /// Only feasible points are chosen.</summary>
    public static (int Quote, int Point)[] Choose(IReadOnlyList<PriceQuote> quotes, int count, double[] valuations, Func<int, PricePoint, double> gain)
    {
        int m = quotes.Count;
        if (m == 0 || count <= 0)
            return [];
        if (valuations.Length < m * Draws)
            throw new ArgumentException($"expected {Draws} valuations per quote", nameof(valuations));
        var pool = ArrayPool<double>.Shared;
        double[] bestSurplus = pool.Rent(Draws), take = pool.Rent(Draws);
        var gains = new double[m][];
        for (int q = 0; q < m; q++)
        {
            var curve = quotes[q].Curve;
            gains[q] = new double[curve.Count];
            for (int p = 0; p < curve.Count; p++)
                gains[q][p] = curve[p].Feasible ? gain(q, curve[p]) : 0;
        }
        try
        {
            var set = new List<(int Quote, int Point)>(count);
            var used = new bool[m];
            double current = 0;
            while (set.Count < count)
            {
                // What the customer takes in each draw from the offers chosen so far.
                Outcome(quotes, gains, set, -1, valuations, bestSurplus.AsSpan(0, Draws), take.AsSpan(0, Draws));
                int bestQuote = -1, bestPoint = -1;
                // The answer is filled to the number asked: an offer that adds nothing is still shown (at the point where
                // it takes least from the others), since a shop front-end has that many places (filling cost no measurable
                // profit in the simulated shops).
                double best = double.NegativeInfinity;
                for (int q = 0; q < m; q++)
                {
                    if (used[q])
                        continue;
                    var curve = quotes[q].Curve;
                    for (int p = 0; p < curve.Count; p++)
                    {
                        if (!(gains[q][p] > 0))
                            continue;
                        double v = ValueWith(curve[p].Price, gains[q][p], valuations.AsSpan(q * Draws, Draws), bestSurplus.AsSpan(0, Draws), take.AsSpan(0, Draws));
                        if (v > best)
                        { best = v; bestQuote = q; bestPoint = p; }
                    }
                }
                if (bestQuote < 0)
                    break;
                set.Add((bestQuote, bestPoint));
                used[bestQuote] = true;
                current = best;
            }

            for (int pass = 0; pass < PricePasses && set.Count > 1; pass++)
            {
                bool changed = false;
                for (int k = 0; k < set.Count; k++)
                {
                    var (q, now) = set[k];
                    Outcome(quotes, gains, set, k, valuations, bestSurplus.AsSpan(0, Draws), take.AsSpan(0, Draws));
                    var curve = quotes[q].Curve;
                    int bestPoint = now;
                    for (int p = 0; p < curve.Count; p++)
                    {
                        if (p == now || !(gains[q][p] > 0))
                            continue;
                        double v = ValueWith(curve[p].Price, gains[q][p], valuations.AsSpan(q * Draws, Draws), bestSurplus.AsSpan(0, Draws), take.AsSpan(0, Draws));
                        if (v > current + 1e-9)
                        { current = v; bestPoint = p; }
                    }
                    set[k] = (q, bestPoint);
                    changed |= bestPoint != now;
                }
                if (!changed)
                    break;
            }
            return set.ToArray();
        }
        finally
        {
            pool.Return(bestSurplus);
            pool.Return(take);
        }
    }

    /// <summary>Per draw, the largest surplus among the acceptable offers of <paramref name="set"/> (except member
    /// <paramref name="skip"/>) and the incremental profit of the one taken (−1 and 0 when none).</summary>
    private static void Outcome(IReadOnlyList<PriceQuote> quotes, double[][] gains, List<(int Quote, int Point)> set, int skip, double[] valuation,
        Span<double> bestSurplus, Span<double> take)
    {
        bestSurplus.Fill(-1);
        take.Clear();
        for (int k = 0; k < set.Count; k++)
        {
            if (k == skip)
                continue;
            var (q, p) = set[k];
            double price = quotes[q].Curve[p].Price, gain = gains[q][p];
            var w = valuation.AsSpan(q * Draws, Draws);
            for (int r = 0; r < w.Length; r++)
            {
                double surplus = w[r] - price;
                if (surplus >= 0 && surplus > bestSurplus[r])
                { bestSurplus[r] = surplus; take[r] = gain; }
            }
        }
    }

    /// <summary>Mean incremental profit when an offer at <paramref name="price"/> (valuations <paramref name="w"/>)
    /// joins offers whose per-draw outcome is (<paramref name="bestSurplus"/>, <paramref name="take"/>).</summary>
    private static double ValueWith(double price, double gain, ReadOnlySpan<double> w, ReadOnlySpan<double> bestSurplus, ReadOnlySpan<double> take)
    {
        double total = 0;
        for (int r = 0; r < w.Length; r++)
        {
            double surplus = w[r] - price;
            total += surplus >= 0 && surplus > bestSurplus[r] ? gain : take[r];
        }
        return total / w.Length;
    }

    /// <summary>Least-squares line logit P = A + B·d through the curve's points under the answer's exploration draw
    /// (<see cref="PricePoint.SampledAcceptance"/>; the mean when not exploring), B at least <see cref="MinSlope"/>.</summary>
    private static (double A, double B) LogitLine(IReadOnlyList<PricePoint> curve)
    {
        double n = 0, sd = 0, sz = 0, sdd = 0, sdz = 0;
        foreach (var p in curve)
        {
            double acc = Math.Clamp(p.SampledAcceptance, 1e-6, 1 - 1e-6);
            double z = Math.Log(acc / (1 - acc));
            n++;
            sd += p.Discount;
            sz += z;
            sdd += p.Discount * p.Discount;
            sdz += p.Discount * z;
        }
        if (n == 0)
            return (0, MinSlope);
        double spread = sdd - sd * sd / n;
        double b = spread > 1e-12 ? (sdz - sd * sz / n) / spread : 0;
        b = Math.Max(b, MinSlope);
        return ((sz - b * sd) / n, b);
    }
}
