using System.Diagnostics;
using BundleForge.Bundles;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;
using BundleForge.Data;
using BundleForge.Evaluation.Synthetic;

namespace BundleForge.Evaluation.Bundles;

/// <summary>Backtests bundle offers in a synthetic shop whose users' hidden valuations are known.
/// <para>Ground truth. User u values bundle b at V = wtp_u · Σ list_i · interest_u(i) · bonus · noise, where
/// interest_u(i) = 0.6 + 0.6 · taste_u(top category of i) / max taste_u, bonus = 1.15 when b holds two items of a
/// planted bundle (they really are worth more together) and 0.6 when it holds planted substitutes, and noise is
/// log-normal per session. The user pays attention to an offer with probability 0.25 + 0.5·[planted pair] + 0.25·mean
/// taste, and accepts, among the offers they attend to, the one with the largest surplus V − price ≥ 0 (at most one per
/// session). Each item would have been bought anyway with probability q_u(i) = min(0.9, 2 · the chance that one of
/// the user's picks lands on it in the generator); those draws are fixed per user and item, and an accepted bundle
/// displaces the organic profit (list − cost) of the items drawn as bought anyway.</para>
/// <para>Policies, all seeing the same users, sessions and random draws: the engine (which learns online from its own
/// offer feedback), no bundles, a fixed discount on the top-selling pairs, and an oracle that knows V, the attention
/// draws and the organic draws, and picks the best of the engine's composed bundles at the best allowed price. Beside
/// it, the oracle of the wording ("knows each user's willingness-to-pay"): it knows V but not the attention or
/// organic draws, so it shows offers that compete as the engine's do (<see cref="SimulationResult.WtpOracle"/>).
/// Two diagnostic policies know each user's valuation distribution, attention and organic probabilities but no
/// session draw: "informed" prices each bundle alone, "informed together" chooses the shown set and its prices jointly
/// (<see cref="SimulationResult.Informed"/>, <see cref="SimulationResult.InformedTogether"/>).</para></summary>
public sealed class ShopSimulator
{
    private readonly SyntheticShop _shop;
    private readonly Dataset _data;
    private readonly BundleEngine _engine;
    private readonly MarketStrategy _strategy;

    public ShopSimulator(SyntheticShop shop, Dataset data, BundleEngine engine)
    {
        _shop = shop;
        _data = data;
        _engine = engine;
        _strategy = engine.Strategy;
    }

    /// <summary>Runs every policy over the same sessions; <paramref name="cancellation"/> is checked before each session.</summary>
    public SimulationResult Run(SimulationOptions options, IProgress<ProgressUpdate>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var users = SampleUsers(options);
        var topPairs = TopSellingPairs(200);
        var prices = UserPriceProfile.Build(_data.Items);
        var oraclePricer = new BundlePricer(_data.Items, _strategy with { Exploration = false }, new AcceptanceModel());
        var engine = new Tally("engine");
        var none = new Tally("no_bundles");
        var fixedDiscount = new Tally("fixed_discount");
        var oracle = new Tally("oracle");
        var informed = new Tally("informed");
        var wtpOracle = new Tally("wtp_oracle");
        var together = new Tally("informed_together");
        double shownAnyPrice = 0, shownAtPrice = 0;
        var contexts = users.Select(u => UserContext.FromDataset(_data, u, prices: prices)).ToArray();

        for (int round = 0; round < options.Rounds; round++)
        {
            for (int k = 0; k < users.Length; k++)
            {
                cancellation.ThrowIfCancellationRequested();
                int u = users[k];
                var ctx = contexts[k];
                none.Sessions++;

                // Engine: offers, the user's choice, then feedback so the pricer learns.
                var offers = _engine.Recommend(ctx);
                engine.Sessions++;
                var engineChoice = Choose(u, round, offers.Select(o => (o.Bundle.Items, o.Quote.Point.Price)).ToArray(), options);
                for (int j = 0; j < offers.Count; j++)
                {
                    var point = offers[j].Quote.Point;
                    _engine.Pricer.Record(new OfferEvent(OfferEventKind.Shown, ctx.Segment, point.Discount, point.ModelAcceptance, offers[j].Quote.Features, u));
                    // The customer takes at most one offer per session: when they took another one, this offer lost a
                    // comparison, which says nothing about whether its price would have sold on its own.
                    if (j != engineChoice && engineChoice >= 0 && options.CensorCompetingDeclines)
                        continue;
                    _engine.Pricer.Record(new OfferEvent(j == engineChoice ? OfferEventKind.Accepted : OfferEventKind.Declined, ctx.Segment, point.Discount, point.ModelAcceptance, offers[j].Quote.Features, u));
                }
                engine.Offers += offers.Count;
                var (anyPrice, atPrice) = ShownOfferBounds(u, round, offers, options);
                shownAnyPrice += anyPrice;
                shownAtPrice += atPrice;
                if (engineChoice >= 0)
                    engine.Accept(this, u, offers[engineChoice].Bundle.Items, offers[engineChoice].Quote.Point.Price);

                // Fixed discount on the best-selling pairs the user does not own.
                var pairOffers = new List<(int[] Items, double Price)>();
                foreach (var (a, b) in topPairs)
                {
                    if (pairOffers.Count == options.TopPairs)
                        break;
                    if (ctx.TimesBought(a) == 1 || ctx.TimesBought(b) == 1)
                        continue;
                    double list = _data.Items.Price[a] + _data.Items.Price[b];
                    pairOffers.Add(([a, b], Math.Round(list * (1 - options.FixedDiscount), 2)));
                }
                fixedDiscount.Serve(this, u, round, pairOffers.ToArray(), options);

                // Oracle: best composed bundle at the best allowed price, knowing everything about the user.
                oracle.Sessions++;
                double bestGain = 0;
                int[]? bestItems = null;
                double bestPrice = 0;
                var candidates = _engine.ComposeCandidates(ctx, 9);
                // Every oracle and diagnostic reads the same curves (feasible prices): quote each bundle once.
                var quotes = new PriceQuote[candidates.Count];
                for (int q = 0; q < quotes.Length; q++)
                    quotes[q] = oraclePricer.Quote(candidates[q], ctx);
                for (int q = 0; q < quotes.Length; q++)
                {
                    var b = candidates[q];
                    if (!Attends(u, round, b.Items))
                        continue;
                    double value = Valuation(u, round, b.Items, options);
                    double displaced = Displaced(u, b.Items);
                    foreach (var p in quotes[q].Curve)
                    {
                        if (!p.Feasible || p.Price > value)
                            continue;
                        double gain = p.Price - b.Cost - displaced;
                        if (gain > bestGain)
                        { bestGain = gain; bestItems = b.Items; bestPrice = p.Price; }
                    }
                }
                if (bestItems is not null)
                { oracle.Offers++; oracle.Accept(this, u, bestItems, bestPrice); }

                // The oracle: knows this session's willingness-to-pay, not whether the user will look at an
                // offer or what they would have bought anyway (those it knows in expectation).
                wtpOracle.Serve(this, u, round, WtpOracleOffers(u, round, candidates, quotes, options), options);

                // Diagnostic: the best any learner could do, knowing each user's expected valuation, attention and
                // organic probabilities but not this session's draws.
                informed.Serve(this, u, round, InformedOffers(u, candidates, quotes, options), options);

                // Diagnostic: the same knowledge, offers and prices chosen as a set.
                together.Serve(this, u, round, InformedTogetherOffers(u, round, candidates, quotes, options), options);
            }
            progress?.Report(new ProgressUpdate("simulate offers", (round + 1.0) / options.Rounds, $"round {round + 1}/{options.Rounds}"));
        }
        var learned = _engine.Pricer.Model.Feedback.Offers.Current;
        return new SimulationResult(engine.ToOutcome(), none.ToOutcome(), fixedDiscount.ToOutcome(), oracle.ToOutcome(),
            users.Length, options.Rounds, clock.Elapsed.TotalSeconds)
        {
            ShownOffersOracleProfit = shownAnyPrice,
            ShownOffersAtEnginePricesProfit = shownAtPrice,
            LearnedCorrection = OfferFeatures.Names.Select((name, k) => (name, learned.Mean[k])).ToArray(),
            LearnedFrom = learned.Labelled,
            Informed = informed.ToOutcome(),
            WtpOracle = wtpOracle.ToOutcome(),
            InformedTogether = together.ToOutcome(),
        };
    }

    /// <summary>Diagnostics of the engine's shown offers in one session, knowing the user as the oracle does: the best
    /// incremental profit among them at any allowed price, and at the prices the engine chose (the user taking the most
    /// profitable acceptable offer instead of the one with the largest surplus).</summary>
    private (double AnyPrice, double AtPrice) ShownOfferBounds(int u, int round, IReadOnlyList<BundleOffer> offers, SimulationOptions options)
    {
        double any = 0, at = 0;
        foreach (var o in offers)
        {
            if (!Attends(u, round, o.Bundle.Items))
                continue;
            double value = Valuation(u, round, o.Bundle.Items, options), displaced = Displaced(u, o.Bundle.Items);
            foreach (var p in o.Quote.Curve)
                if (p.Feasible && p.Price <= value)
                    any = Math.Max(any, p.Price - o.Bundle.Cost - displaced);
            var chosen = o.Quote.Point;
            if (chosen.Price <= value)
                at = Math.Max(at, chosen.Price - o.Bundle.Cost - displaced);
        }
        return (any, at);
    }

    private sealed class Tally(string name)
    {
        public long Sessions, Offers, Accepted;
        public double Revenue, Profit, Displaced, DiscountSum;

        public void Accept(ShopSimulator sim, int user, int[] items, double price)
        {
            Accepted++;
            double list = 0, cost = 0;
            foreach (int i in items)
            { list += sim._data.Items.Price[i]; cost += sim._data.Items.Cost[i]; }
            Revenue += price;
            Profit += price - cost;
            Displaced += sim.Displaced(user, items);
            DiscountSum += 1 - price / list;
        }

        /// <summary>One session of a policy that shows <paramref name="offers"/>: the user takes the one they choose, if
        /// any.</summary>
        public void Serve(ShopSimulator sim, int user, int round, (int[] Items, double Price)[] offers, SimulationOptions o)
        {
            Sessions++;
            Offers += offers.Length;
            int choice = sim.Choose(user, round, offers, o);
            if (choice >= 0)
                Accept(sim, user, offers[choice].Items, offers[choice].Price);
        }

        public PolicyOutcome ToOutcome() => new(name, Sessions, Offers, Accepted, Revenue, Profit, Displaced)
        {
            MeanAcceptedDiscount = Accepted > 0 ? DiscountSum / Accepted : 0,
        };
    }

    /// <summary>Index of the offer the user accepts, or -1.</summary>
    private int Choose(int user, int round, (int[] Items, double Price)[] offers, SimulationOptions o)
    {
        int best = -1;
        double bestSurplus = -1;
        for (int k = 0; k < offers.Length; k++)
        {
            var (items, price) = offers[k];
            if (!Attends(user, round, items))
                continue;
            double surplus = Valuation(user, round, items, o) - price;
            if (surplus >= 0 && surplus > bestSurplus)
            { bestSurplus = surplus; best = k; }
        }
        return best;
    }

    private bool Attends(int user, int round, int[] items) => Uniform(user, round, Key(items), 1) < AttentionProbability(user, items);

    private double AttentionProbability(int user, int[] items)
    {
        double taste = 0;
        foreach (int i in items)
            taste += Interest(user, i) - 0.6;
        taste /= 0.6 * items.Length;
        return 0.25 + (PlantedPairIn(items) ? 0.5 : 0) + 0.25 * taste;
    }

    /// <summary>The user's hidden valuation of the items as one bundle in one session.</summary>
    public double Valuation(int user, int round, int[] items, SimulationOptions o)
    {
        double z = Gaussian(user, round, Key(items));
        return MedianValuation(user, items) * Math.Exp(o.ValuationNoise * z);
    }

    /// <summary>The valuation before the session's noise (its median over sessions).</summary>
    private double MedianValuation(int user, int[] items)
    {
        double v = 0;
        foreach (int i in items)
            v += _shop.Price[i] * Interest(user, i);
        v *= _shop.WillingnessToPay[user];
        if (PlantedPairIn(items))
            v *= 1.15;
        foreach (int i in items)
            if (_shop.SubstituteOf[i] >= 0 && Array.IndexOf(items, _shop.SubstituteOf[i]) >= 0)
            { v *= 0.6; break; }
        return v;
    }

    /// <summary>The "informed" diagnostic policy's offers: each composed bundle at the allowed price with the highest
    /// expected incremental profit P(attend)·P(V ≥ p)·(p − cost − expected displaced profit), computed from the user's
    /// true valuation distribution, attention and organic probabilities (not the session's draws); the best
    /// <see cref="MarketStrategy.BundlesPerRequest"/> are shown and compete as the engine's do.</summary>
    private (int[] Items, double Price)[] InformedOffers(int user, IReadOnlyList<ComposedBundle> candidates, PriceQuote[] quotes, SimulationOptions o) =>
        BestOffers(candidates, quotes, b =>
        {
            double attention = AttentionProbability(user, b.Items), median = MedianValuation(user, b.Items), displaced = ExpectedDisplaced(user, b.Items);
            return p =>
            {
                double sell = o.ValuationNoise > 0 ? NormalCdf(Math.Log(median / p.Price) / o.ValuationNoise) : median >= p.Price ? 1 : 0;
                return attention * sell * (p.Price - b.Cost - displaced);
            };
        });

    /// <summary>The offers of the oracle that knows each user's willingness-to-pay — the valuation V of each composed
    /// bundle in this session — but not the attention draw or which items the user would have bought anyway (it uses
    /// their probabilities): each bundle at the allowed price ≤ V with the highest P(attend)·(p − cost − expected
    /// displaced profit); the best <see cref="MarketStrategy.BundlesPerRequest"/> are shown, and the user chooses among
    /// them as among the engine's.</summary>
    private (int[] Items, double Price)[] WtpOracleOffers(int user, int round, IReadOnlyList<ComposedBundle> candidates, PriceQuote[] quotes, SimulationOptions o) =>
        BestOffers(candidates, quotes, b =>
        {
            double attention = AttentionProbability(user, b.Items), value = Valuation(user, round, b.Items, o), displaced = ExpectedDisplaced(user, b.Items);
            return p => p.Price > value ? 0 : attention * (p.Price - b.Cost - displaced);
        });

    /// <summary>The "informed together" diagnostic policy's offers: the informed policy's knowledge, with the shown offers
    /// and their prices chosen by the engine's own set choice (<see cref="OfferAssortment"/>), fed with draws of its
    /// own from the user's true attention and valuation distributions (not attending: never accepts) and the true
    /// expected incremental profit of each price.</summary>
    private (int[] Items, double Price)[] InformedTogetherOffers(int user, int round, IReadOnlyList<ComposedBundle> candidates, PriceQuote[] quotes, SimulationOptions o)
    {
        const int R = OfferAssortment.Draws;
        int m = candidates.Count;
        var displaced = new double[m];
        var valuations = new double[m * R];
        // Draws of its own (purpose 9), not the session's: this policy does not know them.
        var rng = new SeededRandom(_shop.Options.Seed ^ 0x7065, ((long)user << 20) ^ ((long)(round + 1) << 4) ^ 9);
        for (int b = 0; b < m; b++)
        {
            var items = candidates[b].Items;
            displaced[b] = ExpectedDisplaced(user, items);
            double attention = AttentionProbability(user, items), median = MedianValuation(user, items);
            for (int r = 0; r < R; r++)
            {
                bool attends = rng.NextDouble() < attention;
                double value = median * Math.Exp(o.ValuationNoise * rng.NextGaussian());
                valuations[b * R + r] = attends ? value : double.NegativeInfinity;
            }
        }
        var chosen = OfferAssortment.Choose(quotes, _strategy.BundlesPerRequest, valuations, (b, p) => p.Price - candidates[b].Cost - displaced[b]);
        var offers = new (int[] Items, double Price)[chosen.Length];
        for (int k = 0; k < chosen.Length; k++)
            offers[k] = (candidates[chosen[k].Quote].Items, quotes[chosen[k].Quote].Curve[chosen[k].Point].Price);
        return offers;
    }

    /// <summary>Each composed bundle at its allowed price (from its quote) of highest positive
    /// <paramref name="valueOf"/>, the best <see cref="MarketStrategy.BundlesPerRequest"/> of them, best first.</summary>
    private (int[] Items, double Price)[] BestOffers(IReadOnlyList<ComposedBundle> candidates, PriceQuote[] quotes,
        Func<ComposedBundle, Func<PricePoint, double>> valueOf)
    {
        var scored = new List<(int[] Items, double Price, double Value)>(candidates.Count);
        for (int q = 0; q < candidates.Count; q++)
        {
            var b = candidates[q];
            var value = valueOf(b);
            double best = 0, bestPrice = 0;
            foreach (var p in quotes[q].Curve)
            {
                if (!p.Feasible)
                    continue;
                double v = value(p);
                if (v > best)
                { best = v; bestPrice = p.Price; }
            }
            if (best > 0)
                scored.Add((b.Items, bestPrice, best));
        }
        scored.Sort((a, c) => c.Value.CompareTo(a.Value));
        int n = Math.Min(_strategy.BundlesPerRequest, scored.Count);
        var offers = new (int[] Items, double Price)[n];
        for (int k = 0; k < n; k++)
            offers[k] = (scored[k].Items, scored[k].Price);
        return offers;
    }

    /// <summary>The organic profit the user is expected to bring anyway from <paramref name="items"/>.</summary>
    private double ExpectedDisplaced(int user, int[] items)
    {
        double displaced = 0;
        foreach (int i in items)
            displaced += OrganicProbability(user, i) * (_shop.Price[i] - _shop.Cost[i]);
        return displaced;
    }

    /// <summary>Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| &lt; 1.5e-7).</summary>
    private static double NormalCdf(double x)
    {
        double z = Math.Abs(x) / Math.Sqrt(2), t = 1 / (1 + 0.3275911 * z);
        double erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-z * z);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    private double Interest(int user, int item)
    {
        float max = 0;
        for (int t = 0; t < _shop.Tops.Length; t++)
            max = Math.Max(max, _shop.TasteFor(user, t));
        int top = _shop.LeafTop[_shop.ItemLeaf[item]];
        return 0.6 + 0.6 * (max > 0 ? _shop.TasteFor(user, top) / max : 0);
    }

    private bool PlantedPairIn(int[] items)
    {
        for (int a = 0; a < items.Length; a++)
            for (int b = a + 1; b < items.Length; b++)
                if (_shop.BundleOf[items[a]] >= 0 && _shop.BundleOf[items[a]] == _shop.BundleOf[items[b]])
                    return true;
        return false;
    }

    /// <summary>Organic profit of the items the user would have bought anyway (fixed draws per user and item).</summary>
    private double Displaced(int user, int[] items)
    {
        double lost = 0;
        foreach (int i in items)
            if (Uniform(user, -1, i, 2) < OrganicProbability(user, i))
                lost += _shop.Price[i] - _shop.Cost[i];
        return lost;
    }

    private double OrganicProbability(int user, int item)
    {
        int leaf = _shop.ItemLeaf[item], top = _shop.LeafTop[leaf];
        double pTop = 0.9 * _shop.TasteFor(user, top) + 0.1 / _shop.Tops.Length;
        double pick = pTop / _shop.LeavesOfTop[top].Length * _shop.Popularity[item] / _shop.LeafCumulativePopularity[leaf][^1];
        return Math.Min(0.9, 2 * pick);
    }

    private int[] SampleUsers(SimulationOptions o)
    {
        var active = new List<int>();
        var seq = _data.Sequences;
        for (int u = 0; u < Math.Min(seq.Count, _shop.UserCount); u++)
            if (seq.LengthOf(u) > 0)
                active.Add(u);
        var arr = active.ToArray();
        var rng = new SeededRandom(o.Seed, 91);
        rng.Shuffle(arr.AsSpan());
        return arr.AsSpan(0, Math.Min(o.Users, arr.Length)).ToArray();
    }

    /// <summary>The most co-purchased pairs in the data, most frequent first.</summary>
    private List<(int A, int B)> TopSellingPairs(int max)
    {
        var counts = new Dictionary<long, int>();
        var baskets = _data.Baskets;
        for (int b = 0; b < baskets.Count; b++)
        {
            var s = baskets[b];
            if (s.Length > CooccurrencePairScorer.MaxBasketForPairs)
                continue;
            for (int x = 0; x < s.Length; x++)
                for (int y = x + 1; y < s.Length; y++)
                {
                    long key = ((long)s[x] << 32) | (uint)s[y];
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
        }
        return counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(max)
            .Select(kv => ((int)(kv.Key >> 32), (int)(kv.Key & 0xFFFFFFFF))).ToList();
    }

    private static long Key(int[] items)
    {
        long h = 1469598103934665603;
        foreach (int i in items.Order())
            h = (h ^ i) * 1099511628211;
        return h;
    }

    private double Uniform(int user, int round, long key, int purpose)
    {
        var rng = new SeededRandom(_shop.Options.Seed ^ key, ((long)user << 20) ^ ((long)(round + 1) << 4) ^ purpose);
        return rng.NextDouble();
    }

    private double Gaussian(int user, int round, long key)
    {
        var rng = new SeededRandom(_shop.Options.Seed ^ key, ((long)user << 20) ^ ((long)(round + 1) << 4) ^ 3);
        return rng.NextGaussian();
    }
}
