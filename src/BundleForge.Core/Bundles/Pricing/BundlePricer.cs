using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Strategy;
using BundleForge.Data;

namespace BundleForge.Bundles.Pricing;

/// <summary>Chooses a bundle's price to maximise expected incremental profit
/// E(p) = P(accept | user, bundle, p) · (p − Σ cost − B), where B = Σ P(user buys item anyway) · (list − cost) is the
/// profit the shop would have made from those items at list price. (This is the issue's P·(p − Σcost) − B with B lost
/// only when the offer is accepted: if it is declined the user still buys what they would have bought.) Prices are
/// searched on the strategy's discount grid (0.5% steps when continuous), rounded to the price ending, and every point
/// that breaks a rule — price below Σ cost, margin below the floor, discount above the maximum or below the minimum
/// (<c>min_discount</c>, and at least one rounding step) — is infeasible. A bundle with no feasible point, or no point
/// whose expected incremental profit is positive and above <c>min_expected_profit</c>, is not offered
/// (<see cref="PriceQuote.Withheld"/> says which).
/// <para>P(accept) is the acceptance model's logit corrected offer by offer by <see cref="AcceptanceFeedback.Offers"/>
/// (one Thompson draw of the correction per answer when exploring), or calibrated per (segment, discount level) when
/// <see cref="AcceptanceFeedback.UseOfferModel"/> is off. While the learner has little evidence, a decaying share of
/// quotes (<see cref="PriceExploration"/>) is priced at a uniformly drawn allowed price instead of the best one, so the
/// price response is observed across the whole discount range, not only where the prior says profit is.</para>
/// <para>What a quote shows is the posterior estimate: each point's mean acceptance and expected profit with a 90%
/// interval. Exploration (Thompson sampling) only decides: the draw is keyed by the answer's state, so the same key
/// gives the same quote on any thread (docs/STRATEGY.md, "One answer per state").</para>
/// <para>Thread safety: a quote reads only immutable state and the learner's published posterior.</para></summary>
public sealed class BundlePricer
{
    private readonly ItemCatalog _catalog;
    private readonly MarketStrategy _strategy;
    private readonly IOrganicDemand? _organic;
    private readonly long _seed;
    private readonly int[] _topCategory;

    public BundlePricer(ItemCatalog catalog, MarketStrategy strategy, AcceptanceModel model, IOrganicDemand? organic = null, long seed = 1)
    {
        // Every quote evaluates one price point per discount step; a strategy built in code skips MarketStrategy.Parse,
        // so the bound that keeps a quote cheap is checked here too (a 1e-9 step would ask for 3·10⁸ points a quote).
        int steps = strategy.PriceSteps(hasOverstockedItem: true);
        if (steps > MarketStrategy.MaxPriceSteps)
            throw new DataException($"the price grid has {steps:N0} steps; at most {MarketStrategy.MaxPriceSteps} are allowed", field: "discount_step");
        _catalog = catalog;
        _strategy = strategy;
        Model = model;
        _organic = organic;
        _seed = seed;
        Explore = strategy.Exploration;
        _topCategory = TopCategories(catalog);
    }

    public AcceptanceModel Model { get; }

    /// <summary>Thompson sampling on (default: the strategy's <c>exploration</c>); off gives posterior-mean pricing.</summary>
    public bool Explore { get; set; }

    /// <summary>Share of quotes priced at a random allowed price while the learner has no evidence; it decays as
    /// share / (1 + labelled events / <see cref="PriceExplorationHalfLife"/>). Only when exploring. Off by default: the
    /// Thompson draws of the per-offer learner (prior sd 6 on the discount coefficient) already try list price and
    /// deep discounts, and forcing 30% of early quotes to random prices cost 1–4 points of oracle share in the
    /// simulated shops (docs/BENCHMARKS.md).</summary>
    public double PriceExploration { get; init; } = 0;
    /// <summary>Labelled events after which the price exploration share has halved.</summary>
    public double PriceExplorationHalfLife { get; init; } = 300;

    /// <summary>History entries (most recent) the taste-match feature looks at.</summary>
    public const int TasteHistory = 200;

    /// <summary>Grid step used when the strategy prices continuously.</summary>
    public const double ContinuousStep = MarketStrategy.ContinuousStep;

    /// <summary>The observable features of offering <paramref name="bundle"/> to <paramref name="user"/> (what offer
    /// feedback should carry back for the learner).</summary>
    public OfferFeatures FeaturesOf(ComposedBundle bundle, UserContext user) => Model.FeaturesOf(bundle, user, TasteShare(bundle, user));

    /// <summary>Prices <paramref name="bundle"/> for <paramref name="user"/> with the posterior estimates (no exploration
    /// draw): the <c>price</c> command's quote.</summary>
    public PriceQuote Quote(ComposedBundle bundle, UserContext user) => Quote(bundle, user, null);

    /// <summary>Prices <paramref name="bundle"/> for <paramref name="user"/>. Every point carries the posterior estimate of
    /// acceptance and expected profit (what is shown) with a 90% interval; when exploring, the point is chosen under the
    /// Thompson draw seeded by <paramref name="draw"/>, so quotes given the same key are priced under one sampled
    /// acceptance model and the same key gives the same quote (null: the estimates decide).</summary>
    public PriceQuote Quote(ComposedBundle bundle, UserContext user, long? draw)
    {
        var s = _strategy;
        // In cents: the list sums single-precision catalog prices (3.29 + 1.65 is 4.93999994…), which rounded down to
        // 4.93 on the grid, so a strategy allowing no discount allowed no price at all.
        double list = Math.Round(bundle.ListPrice, 2), cost = bundle.Cost;
        double organic = 0;
        if (_organic is not null)
            foreach (int i in bundle.Items)
                organic += _organic.Probability(user, i) * Math.Max(0, _catalog.Price[i] - _catalog.Cost[i]);
        double maxDiscount = s.MaxDiscountFor(bundle.HasOverstockedItem);
        var features = FeaturesOf(bundle, user);
        if (!(list > 0) || !(cost >= 0) || double.IsNaN(cost))
            return new PriceQuote
            {
                ListPrice = list,
                Cost = cost,
                OrganicProfit = organic,
                MaxDiscount = maxDiscount,
                Curve = [],
                Chosen = -1,
                Reason = "price or cost unknown",
                Withheld = WithholdReason.PriceUnknown,
                Features = features,
            };

        double step = s.DiscountStep > 0 ? s.DiscountStep : ContinuousStep;
        int steps = s.PriceSteps(bundle.HasOverstockedItem);
        var curve = new List<PricePoint>(steps + 1);
        // The exploration draw comes from a stream keyed by the answer's state (BundleEngine): the same key, the same
        // draw. Without a key the means decide and nothing is drawn.
        bool explore = Explore && draw is not null;
        var rng = new SeededRandom(_seed ^ 0x414E5357, draw ?? 0);
        var feedback = Model.Feedback;
        var posterior = feedback.Offers.Current;
        bool perOffer = feedback.PricesPerOffer(posterior);
        Span<double> theta = stackalloc double[OfferFeatures.Dimension];
        Span<double> x = stackalloc double[OfferFeatures.Dimension];
        if (perOffer && explore)
            posterior.Sample(ref rng, true, theta);
        var mean = perOffer ? posterior.Mean : null;
        long lastCents = -1;
        int lastLevel = -1;
        (double Mean, double Low, double High) lastRange = (1, 1, 1);
        double lastDrawn = 1;
        bool blockedByMinDiscount = false;
        for (int k = 0; k <= steps; k++)
        {
            double raw = list * (1 - k * step);
            double price = Round(raw);
            bool feasible = Feasible(price, list, cost, maxDiscount);
            if (!feasible && s.PriceEnding is not null)
            {
                double up = price + 1;
                if (Feasible(up, list, cost, maxDiscount))
                { price = up; feasible = true; }
            }
            price = Math.Round(price, 2);
            long cents = (long)Math.Round(price * 100);
            // Prices only fall along the grid (rounding up to meet a rule can repeat the previous one): skip repeats.
            if (!(price > 0) || cents == lastCents)
                continue;
            lastCents = cents;
            double discount = 1 - price / list;
            if (feasible && !s.MeetsMinDiscount(price, list))
            { feasible = false; blockedByMinDiscount = true; }
            double model = Model.Predict(bundle, user, Math.Max(0, discount));
            double p, low, high, sampled;
            if (perOffer)
            {
                // logit P = o + θ·x with θ ~ N(θ̂, H⁻¹): the logit is normal with mean zm and sd sz, so the interval
                // is exact (σ is monotone). The estimate shown is σ(zm), the acceptance at the posterior mean of the
                // correction (the posterior median of the acceptance): without feedback it is the model's own
                // prediction, where the mean E σ(z) would be dragged towards 50% by the width of a prior chosen for
                // exploring (a 1% offer would show as 15%).
                features.Fill(x, Math.Max(0, discount));
                double o = Math.Log(model / (1 - model));
                double zm = o, zs = o;
                for (int f = 0; f < x.Length; f++)
                {
                    zm += mean![f] * x[f];
                    zs += theta[f] * x[f];
                }
                double sz = posterior.Spread(x);
                p = Cap(Sigmoid(zm));
                low = Cap(Sigmoid(zm - AcceptanceFeedback.Interval90 * sz));
                high = Cap(Sigmoid(zm + AcceptanceFeedback.Interval90 * sz));
                sampled = explore ? Cap(Sigmoid(zs)) : p;
            }
            else
            {
                int level = feedback.LevelOf(discount);
                if (level != lastLevel)
                {
                    lastLevel = level;
                    lastRange = feedback.CalibrationRange(user.Segment, discount, model);
                    lastDrawn = explore && feasible ? feedback.Calibration(user.Segment, discount, model, ref rng, true) : lastRange.Mean;
                }
                p = Cap(model * lastRange.Mean);
                low = Cap(model * lastRange.Low);
                high = Cap(model * lastRange.High);
                sampled = Cap(model * lastDrawn);
            }
            double margin = (price - cost) / price;
            double unit = price - cost - organic;
            double expected = p * unit;
            curve.Add(new PricePoint(discount, price, p, model, expected, margin, feasible)
            {
                AcceptanceLow = Math.Min(low, p),
                AcceptanceHigh = Math.Max(high, p),
                SampledAcceptance = sampled,
                UnitProfit = unit,
                // Shown only when the estimate promises more than nothing and more than the strategy's minimum.
                Offerable = feasible && expected > 0 && expected > s.MinExpectedProfit,
            });
        }

        // The draw decides among the points worth offering; the means decide which are worth offering.
        int chosen = -1;
        bool anyFeasible = false, anyProfitable = false;
        for (int k = 0; k < curve.Count; k++)
        {
            var pt = curve[k];
            anyFeasible |= pt.Feasible;
            anyProfitable |= pt.Feasible && pt.ExpectedProfit > 0;
            if (pt.Offerable && (chosen < 0 || pt.SampledProfit > curve[chosen].SampledProfit))
                chosen = k;
        }
        if (chosen >= 0 && perOffer && explore && PriceExploration > 0)
        {
            double share = PriceExploration / (1 + posterior.Labelled / PriceExplorationHalfLife);
            if (rng.NextDouble() < share)
            {
                // Any price worth offering, uniformly.
                int eligible = 0;
                foreach (var pt in curve)
                    if (pt.Offerable)
                        eligible++;
                int pick = rng.NextInt(eligible);
                for (int k = 0; k < curve.Count; k++)
                    if (curve[k].Offerable && pick-- == 0)
                    { chosen = k; break; }
            }
        }
        string? reason = null;
        var withheld = WithholdReason.None;
        if (chosen < 0)
        {
            if (!anyFeasible)
            {
                withheld = WithholdReason.NoAllowedPrice;
                reason = blockedByMinDiscount
                    ? $"cannot give the minimum discount ({s.MinDiscount:P0}, and at least {MoneyStep(s.RoundingStep)} off) and keep the {s.MarginFloor:P0} margin floor (margin at list {(list - cost) / list:P1})"
                    : $"cannot meet the {s.MarginFloor:P0} margin floor at any allowed price (margin at list {(list - cost) / list:P1})";
            }
            else if (!anyProfitable)
            {
                withheld = WithholdReason.NoIncrementalProfit;
                reason = "no allowed price has positive expected incremental profit (the user would likely buy these items anyway)";
            }
            else
            {
                withheld = WithholdReason.BelowMinExpectedProfit;
                reason = $"the expected incremental profit is not above the strategy's minimum of {s.MinExpectedProfit.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}";
            }
        }
        return new PriceQuote
        {
            ListPrice = list,
            Cost = cost,
            OrganicProfit = organic,
            MaxDiscount = maxDiscount,
            Curve = curve,
            Chosen = chosen,
            Reason = reason,
            Withheld = withheld,
            Features = features,
            Responses = perOffer ? posterior.Labelled : feedback.Responses(user.Segment),
        };
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>Acceptance is capped at 0.99: no offer is certain.</summary>
    private static double Cap(double p) => Math.Clamp(p, 0, 0.99);

    private static string MoneyStep(double step) => step.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Mean over the bundle's items of the share of the user's recent history in the item's top category.</summary>
    private double TasteShare(ComposedBundle bundle, UserContext user)
    {
        var history = user.History;
        int from = Math.Max(0, history.Length - TasteHistory), n = history.Length - from;
        if (n == 0 || bundle.Items.Length == 0)
            return 0;
        double sum = 0;
        foreach (int i in bundle.Items)
        {
            int top = (uint)i < (uint)_topCategory.Length ? _topCategory[i] : -1;
            if (top < 0)
                continue;
            int hits = 0;
            for (int k = from; k < history.Length; k++)
                if ((uint)history[k] < (uint)_topCategory.Length && _topCategory[history[k]] == top)
                    hits++;
            sum += (double)hits / n;
        }
        return sum / bundle.Items.Length;
    }

    /// <summary>Dense id of each item's top-level category ("A" of "A>B>C"), -1 when it has none.</summary>
    private static int[] TopCategories(ItemCatalog catalog)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var top = new int[catalog.Count];
        for (int i = 0; i < catalog.Count; i++)
        {
            var path = catalog.Categories[i];
            if (string.IsNullOrEmpty(path))
            { top[i] = -1; continue; }
            var key = CategoryPath.TopLevel(path);
            if (!ids.TryGetValue(key, out int id))
                ids[key] = id = ids.Count;
            top[i] = id;
        }
        return top;
    }

    /// <summary>The price ending applied to a raw price: the largest X.ee not above it, or cents when no ending.</summary>
    private double Round(double raw)
    {
        if (_strategy.PriceEnding is not double e)
            return Math.Floor(raw * 100 + 1e-6) / 100;
        double p = Math.Floor(raw - e + 1e-9) + e;
        return p > 0 ? p : Math.Floor(raw * 100 + 1e-6) / 100;
    }

    private bool Feasible(double price, double list, double cost, double maxDiscount)
    {
        price = Math.Round(price, 2);
        if (!(price > 0) || price > list + 1e-9 || price < cost)
            return false;
        if ((price - cost) / price < _strategy.MarginFloor - 1e-12)
            return false;
        return 1 - price / list <= maxDiscount + 1e-9;
    }

    /// <summary>The feedback event for an offer of <paramref name="bundle"/> shown to <paramref name="user"/> at
    /// <paramref name="discount"/>, with everything the learners need (the model's prediction, the offer's features
    /// and the user), for callers that kept the items and price but not the quote (e.g. a feedback endpoint).</summary>
    public OfferEvent FeedbackFor(OfferEventKind kind, ComposedBundle bundle, UserContext user, double discount)
    {
        discount = Math.Clamp(discount, 0, 1);
        return new OfferEvent(kind, user.Segment, discount, Model.Predict(bundle, user, discount), FeaturesOf(bundle, user), user.User);
    }

    /// <summary>Records offer feedback for later quotes (the learning half of Thompson sampling). Safe to call from
    /// many threads at once.</summary>
    public void Record(OfferEvent e) => Model.Feedback.Record(e);
}
