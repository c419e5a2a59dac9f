using BundleForge.Data;
using BundleForge.Synthetic;

namespace BundleForge.Bundles;

/// <summary>Chooses a bundle's price to maximise expected incremental profit
/// E(p) = P(accept | user, bundle, p) · (p − Σ cost − B), where B = Σ P(user buys item anyway) · (list − cost) is the
/// profit the shop would have made from those items at list price. (This is the P·(p − Σcost) − B with B lost
/// only when the offer is accepted: if it is declined the user still buys what they would have bought.) Prices are
/// searched on the strategy's discount grid (0.5% steps when continuous), rounded to the price ending, and every point
/// that breaks a rule — price below Σ cost, margin below the floor, discount above the maximum — is infeasible. A
/// bundle with no feasible point, or no point with positive expected incremental profit, is not offered.</summary>
public sealed class BundlePricer
{
    private readonly ItemCatalog _catalog;
    private readonly MarketStrategy _strategy;
    private readonly IOrganicDemand? _organic;
    private readonly object _gate = new();
    private SyntheticRandom _rng;

    public BundlePricer(ItemCatalog catalog, MarketStrategy strategy, AcceptanceModel model, IOrganicDemand? organic = null, long seed = 1)
    {
        _catalog = catalog; _strategy = strategy; Model = model; _organic = organic;
        _rng = new SyntheticRandom(seed, 77);
        Explore = strategy.Exploration;
    }

    public AcceptanceModel Model { get; }

    /// <summary>Thompson sampling on (default: the strategy's <c>exploration</c>); off gives posterior-mean pricing.</summary>
    public bool Explore { get; set; }

    /// <summary>Grid step used when the strategy prices continuously.</summary>
    public const double ContinuousStep = 0.005;

    /// <summary>Prices <paramref name="bundle"/> for <paramref name="user"/>.</summary>
    public PriceQuote Quote(ComposedBundle bundle, UserContext user)
    {
        var s = _strategy;
        double list = bundle.ListPrice, cost = bundle.Cost;
        double organic = 0;
        if (_organic is not null)
            foreach (int i in bundle.Items)
                organic += _organic.Probability(user, i) * Math.Max(0, _catalog.Price[i] - _catalog.Cost[i]);
        double maxDiscount = s.MaxDiscountFor(bundle.HasOverstockedItem);
        var curve = new List<PricePoint>();
        if (!(list > 0) || !(cost >= 0) || double.IsNaN(cost))
            return new PriceQuote { ListPrice = list, Cost = cost, OrganicProfit = organic, MaxDiscount = maxDiscount, Curve = curve, Chosen = -1, Reason = "price or cost unknown" };

        double step = s.DiscountStep > 0 ? s.DiscountStep : ContinuousStep;
        int steps = (int)Math.Floor(maxDiscount / step + 1e-9);
        var factors = new Dictionary<int, double>();
        var prices = new HashSet<long>();
        lock (_gate)
        {
            for (int k = 0; k <= steps; k++)
            {
                double raw = list * (1 - k * step);
                double price = Round(raw);
                bool feasible = Feasible(price, list, cost, maxDiscount);
                if (!feasible && s.PriceEnding is not null)
                {
                    double up = price + 1;
                    if (Feasible(up, list, cost, maxDiscount)) { price = up; feasible = true; }
                }
                price = Math.Round(price, 2);
                if (!(price > 0) || !prices.Add((long)Math.Round(price * 100))) continue;
                double discount = 1 - price / list;
                double model = Model.Predict(bundle, user, Math.Max(0, discount));
                int level = Model.Feedback.LevelOf(discount);
                if (!factors.TryGetValue(level, out double factor))
                    factors[level] = factor = Model.Feedback.Calibration(user.Segment, discount, model, ref _rng, Explore && feasible);
                double p = Math.Clamp(model * factor, 0, 0.99);
                double margin = (price - cost) / price;
                curve.Add(new PricePoint(discount, price, p, model, p * (price - cost - organic), margin, feasible));
            }
        }

        int chosen = -1;
        for (int k = 0; k < curve.Count; k++)
            if (curve[k].Feasible && (chosen < 0 || curve[k].ExpectedProfit > curve[chosen].ExpectedProfit)) chosen = k;
        string? reason = null;
        if (chosen < 0)
            reason = $"cannot meet the {s.MarginFloor:P0} margin floor at any allowed price (margin at list {(list - cost) / list:P1})";
        else if (curve[chosen].ExpectedProfit <= 0)
        {
            reason = "no allowed price has positive expected incremental profit (the user would likely buy these items anyway)";
            chosen = -1;
        }
        return new PriceQuote { ListPrice = list, Cost = cost, OrganicProfit = organic, MaxDiscount = maxDiscount, Curve = curve, Chosen = chosen, Reason = reason };
    }

    /// <summary>The price ending applied to a raw price: the largest X.ee not above it, or cents when no ending.</summary>
    private double Round(double raw)
    {
        if (_strategy.PriceEnding is not double e) return Math.Floor(raw * 100 + 1e-6) / 100;
        double p = Math.Floor(raw - e + 1e-9) + e;
        return p > 0 ? p : Math.Floor(raw * 100 + 1e-6) / 100;
    }

    private bool Feasible(double price, double list, double cost, double maxDiscount)
    {
        price = Math.Round(price, 2);
        if (!(price > 0) || price > list + 1e-9 || price < cost) return false;
        if ((price - cost) / price < _strategy.MarginFloor - 1e-12) return false;
        return 1 - price / list <= maxDiscount + 1e-9;
    }

    /// <summary>Records offer feedback for later quotes (the learning half of Thompson sampling).</summary>
    public void Record(OfferEvent e) => Model.Feedback.Record(e);
}
