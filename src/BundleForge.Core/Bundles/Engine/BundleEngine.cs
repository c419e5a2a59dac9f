using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Explanation;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;
using BundleForge.Data;

namespace BundleForge.Bundles.Engine;

/// <summary>Turns signals into offers: collects candidates from every source, composes diverse bundles, prices each
/// for profit under the strategy, drops those that cannot be offered and explains the rest.</summary>
public sealed class BundleEngine
{
    private readonly ItemCatalog _catalog;
    private readonly IReadOnlyList<ICandidateSource> _sources;
    private readonly IPairScorer _pairs;
    private readonly double? _assumedMargin;
    private readonly IOrganicDemand? _organic;
    private readonly long _seed;
    private readonly string _modelVersion = "";
    private readonly ulong _modelVersionKey = StableHash("");

    public BundleEngine(ItemCatalog catalog, IReadOnlyList<ICandidateSource> sources, IPairScorer pairs, MarketStrategy strategy,
        AcceptanceModel? acceptance = null, IOrganicDemand? organic = null, ComposerOptions? options = null, long seed = 1)
    {
        _catalog = catalog;
        _sources = sources;
        _pairs = pairs;
        Strategy = strategy;
        Composer = new BundleComposer(catalog, pairs, strategy, options);
        CandidatesPerSource = (options ?? new ComposerOptions()).CandidatesPerSource;
        Pricer = new BundlePricer(catalog, strategy, acceptance ?? new AcceptanceModel(), organic, seed);
        _assumedMargin = BundleExplanation.AssumedMarginOf(catalog);
        _organic = organic;
        _seed = seed;
    }

    public MarketStrategy Strategy { get; }

    /// <summary>The candidate sources, in the order they are asked.</summary>
    public IReadOnlyList<ICandidateSource> Sources => _sources;

    public BundleComposer Composer { get; }
    public BundlePricer Pricer { get; }

    /// <summary>The currency prices are worded in, an ISO 4217 code (<see cref="CurrencyCode.Resolve"/>).</summary>
    public string Currency { get; init; } = CurrencyCode.Default;

    /// <summary>Candidates asked from each source per request (default: the composer options').</summary>
    public int CandidatesPerSource { get; init; }

    /// <summary>The served model's version (the model folder's <c>model_version</c>): part of the state an answer's
    /// exploration draw is seeded by, so a new model explores afresh.</summary>
    public string ModelVersion
    {
        get => _modelVersion;
        init
        {
            _modelVersion = value;
            _modelVersionKey = StableHash(value);
        }
    }

    /// <summary>The clock whose UTC time numbers the exploration periods (default: the system's).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Choose the shown offers and their prices together (<see cref="OfferAssortment"/>: the customer takes at
    /// most one offer, so a deep discount is not shown beside the offer whose sales it would take); false: each bundle
    /// is priced alone and the highest expected profits are shown (the earlier behaviour, for comparison).</summary>
    public bool ChooseOffersTogether { get; set; } = true;

    /// <summary>The offers of <see cref="Answer"/> alone.</summary>
    public IReadOnlyList<BundleOffer> Recommend(UserContext user, int? count = null, CompositionCache? cache = null) =>
        Answer(user, count, cache).Offers;

    /// <summary>Up to <paramref name="count"/> (default: the strategy's bundles per request) priced, explained offers,
    /// only ones worth making (the strategy's minimum discount and expected incremental profit), and what became of the
    /// other composed bundles: three times as many diverse bundles are composed and priced, and the set of offers (and
    /// prices) with the highest expected incremental profit together is shown (<see cref="ChooseOffersTogether"/>).
    /// The answer is a function of its state (<see cref="AnswerKey"/>): the same request, model, feedback and
    /// exploration period give the same answer. With a <paramref name="cache"/>, the composed bundles of a request seen
    /// before are reused (pricing is always fresh). Within a <paramref name="budget"/>, a request that would exceed it
    /// is answered with less work (the most relevant candidates only, smaller bundles, fewer bundles priced; see
    /// <see cref="BudgetMeter"/>) and <see cref="BundleAnswer.Degraded"/> says what was left out.</summary>
    public BundleAnswer Answer(UserContext user, int? count = null, CompositionCache? cache = null, RequestBudget? budget = null)
    {
        if (budget is null || budget.IsNone)
            return AnswerWithin(user, count, cache, null);
        var meter = new BudgetMeter(budget);
        var answer = AnswerWithin(user, count, cache, meter);
        return answer with { Degraded = meter.Result() };
    }

    private BundleAnswer AnswerWithin(UserContext user, int? count, CompositionCache? cache, BudgetMeter? meter)
    {
        int n = count ?? Strategy.BundlesPerRequest;
        // The strategy's limit for every caller: a request composes and prices 3n bundles, and its set choice grows with n².
        if (n is < 1 or > MarketStrategy.MaxBundlesPerRequest)
            throw new ArgumentOutOfRangeException(nameof(count), n, $"from 1 to {MarketStrategy.MaxBundlesPerRequest} bundles per request");
        // Ask for spares: some composed bundles cannot be priced profitably and are dropped.
        var composed = cache is null ? ComposeCandidates(user, n * 3, meter)
            : cache.GetOrCompose(user, n * 3, () => ComposeCandidates(user, n * 3, meter), () => meter is not { Cut: true });
        // Thompson sampling decides the whole answer under one sampled model: every bundle is priced with the same
        // draw (per-bundle draws made the set choice compare bundles under different models: −1.5 points of the
        // willingness-to-pay oracle's profit in the simulated shops). The draw is keyed by the answer's state, so the
        // same state gives the same answer on any thread and in any process.
        long key = AnswerKey(user, n);
        var priced = new List<(ComposedBundle Bundle, PriceQuote Quote, int Rank)>(composed.Count);
        int unknown = 0, noPrice = 0, noProfit = 0, below = 0;
        for (int k = 0; k < composed.Count; k++)
        {
            // Out of time: the n best composed bundles are always priced, the spares only while time remains.
            if (k >= n && meter is { Expired: true })
            {
                meter.PricingStopped(k, composed.Count);
                break;
            }
            var quote = Pricer.Quote(composed[k], user, ChooseOffersTogether ? key : (long)Mix((ulong)key + (ulong)k));
            switch (quote.Withheld)
            {
                case WithholdReason.None:
                    priced.Add((composed[k], quote, k));
                    break;
                case WithholdReason.PriceUnknown:
                    unknown++;
                    break;
                case WithholdReason.NoAllowedPrice:
                    noPrice++;
                    break;
                case WithholdReason.NoIncrementalProfit:
                    noProfit++;
                    break;
                case WithholdReason.BelowMinExpectedProfit:
                    below++;
                    break;
            }
        }
        var withheld = new WithheldBundles(composed.Count, unknown, noPrice, noProfit, below);
        var offers = new List<BundleOffer>(n);
        if (ChooseOffersTogether)
        {
            var quotes = new PriceQuote[priced.Count];
            for (int k = 0; k < quotes.Length; k++)
                quotes[k] = priced[k].Quote;
            // Exploring, the valuations come from the answer's own stream; with exploration off the same draws serve
            // every request.
            var rng = new SeededRandom(_seed ^ 0x4153534F, Pricer.Explore ? key : 0);
            foreach (var (q, point) in OfferAssortment.Choose(quotes, n, ref rng))
            {
                var b = priced[q].Bundle;
                var quote = quotes[q].WithChosen(point);
                offers.Add(new BundleOffer(b, quote, Explain(b, quote, user)));
            }
            return new BundleAnswer(offers, withheld);
        }
        // Each bundle alone: the highest expected incremental profits under the draw (ties keep the composer's order).
        priced.Sort((a, b) =>
        {
            int c = b.Quote.Point.SampledProfit.CompareTo(a.Quote.Point.SampledProfit);
            return c != 0 ? c : a.Rank.CompareTo(b.Rank);
        });
        foreach (var (b, quote, _) in priced)
        {
            offers.Add(new BundleOffer(b, quote, Explain(b, quote, user)));
            if (offers.Count == n)
                break;
        }
        return new BundleAnswer(offers, withheld);
    }

    /// <summary>The state an answer is a function of, as a 64-bit key: the engine seed, the user (dense id, the length
    /// and newest entries of their purchase history, which grows with the live session's purchases), the cart, the
    /// anchor item, the number of offers asked, the model version, the feedback state
    /// (<see cref="AcceptanceFeedback.Version"/>: labelled offer outcomes recorded so far) and the exploration period
    /// (UTC time from <see cref="Clock"/> in periods of the strategy's <c>exploration_period_hours</c>). Exploration
    /// draws are seeded by it: equal keys, equal answers; feedback or a new period, a new draw. No allocation.</summary>
    public long AnswerKey(UserContext user, int count)
    {
        ulong h = Mix((ulong)_seed ^ 0x616E73776572UL);
        h = Mix(h ^ (ulong)(uint)user.User);
        h = Mix(h ^ ((ulong)(uint)user.Anchor << 1));
        foreach (int c in user.Cart)
            h = Mix(h ^ (ulong)(uint)c);
        h = Mix(h ^ ((ulong)(uint)user.Cart.Length << 32) ^ (ulong)(uint)count);
        var history = user.History;
        h = Mix(h ^ (ulong)(uint)history.Length);
        for (int k = Math.Max(0, history.Length - 8); k < history.Length; k++)
            h = Mix(h ^ (ulong)(uint)history[k]);
        h = Mix(h ^ _modelVersionKey);
        h = Mix(h ^ (ulong)Pricer.Model.Feedback.Version);
        h = Mix(h ^ (ulong)ExplorationPeriod());
        return (long)h;
    }

    /// <summary>The number of the current exploration period: UTC hours since the Unix epoch over the strategy's
    /// <c>exploration_period_hours</c>.</summary>
    public long ExplorationPeriod() =>
        Clock.GetUtcNow().ToUnixTimeSeconds() / (3600L * Math.Max(1, Strategy.ExplorationPeriodHours));

    /// <summary>SplitMix64's finaliser: a well-spread 64-bit mix, fixed by this code (not by the runtime's randomised
    /// string hashes), so the same state gives the same key in every process.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>FNV-1a of the text's UTF-16 code units: stable across processes and runtimes.</summary>
    private static ulong StableHash(string text)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in text)
            h = (h ^ c) * 0x100000001B3UL;
        return h;
    }

    private BundleExplanation Explain(ComposedBundle bundle, PriceQuote quote, UserContext user) =>
        BundleExplanation.For(bundle, quote, user, _catalog, _assumedMargin, Currency, _organic);

    /// <summary>Fills the per-item caches of the sources that keep them (<see cref="IWarmableSource"/>) for
    /// <paramref name="items"/>, in order, until done or cancelled; returns the number of items warmed.</summary>
    public int Warm(IReadOnlyList<int> items, CancellationToken cancel = default)
    {
        var warmable = new List<IWarmableSource>();
        foreach (var s in _sources)
            if (s is IWarmableSource w)
                warmable.Add(w);
        if (warmable.Count == 0)
            return 0;
        int done = 0;
        foreach (int item in items)
        {
            if (cancel.IsCancellationRequested)
                break;
            foreach (var w in warmable)
                w.Warm(item);
            done++;
        }
        return done;
    }

    /// <summary>The composed (unpriced) bundles the engine would choose from for <paramref name="user"/>; with a
    /// <paramref name="meter"/>, from at most its budget's candidates and within its time.</summary>
    public IReadOnlyList<ComposedBundle> ComposeCandidates(UserContext user, int count, BudgetMeter? meter = null)
    {
        var pool = CandidatePool.Collect(_sources, user, CandidatesPerSource);
        if (meter?.Budget.Candidates is int max && pool.Count > max)
        {
            meter.CandidatesCut(pool.Count, max);
            pool = pool.Top(max);
        }
        return Composer.Compose(user, pool, count, meter);
    }

    /// <summary>Prices and explains an explicit set of items (the <c>price</c> command), offered or not.</summary>
    public BundleOffer Price(IReadOnlyList<int> items, UserContext user)
    {
        var b = Assemble(items, user);
        var quote = Pricer.Quote(b, user);
        return new BundleOffer(b, quote, Explain(b, quote, user));
    }

    /// <summary>Builds the bundle record for given items without searching (relevance counts only the anchor, cart and
    /// history items).</summary>
    public ComposedBundle Assemble(IReadOnlyList<int> items, UserContext user)
    {
        var sorted = items.Distinct().Order().ToArray();
        if (sorted.Length < 2)
            throw new DataException("a bundle needs at least two distinct items", field: "items");
        foreach (int i in sorted)
            if ((uint)i >= (uint)_catalog.Count)
                throw new DataException($"unknown item index {i}", field: "items");
        var pairs = new List<(int, int, PairEvidence)>();
        float comp = 0, conf = 0;
        for (int a = 0; a < sorted.Length; a++)
            for (int b = a + 1; b < sorted.Length; b++)
            {
                var e = _pairs.Score(sorted[a], sorted[b]);
                pairs.Add((sorted[a], sorted[b], e));
                comp += e.Complementarity;
                conf += e.Confidence;
            }
        double list = 0, cost = 0;
        bool overstock = false;
        float rel = 0;
        var sources = new (string, SignalEvidence)[sorted.Length];
        for (int k = 0; k < sorted.Length; k++)
        {
            int i = sorted[k];
            list += _catalog.Price[i];
            cost += _catalog.Cost[i];
            overstock |= Strategy.OverstockUnits > 0 && _catalog.Stock[i] >= Strategy.OverstockUnits;
            bool personal = i == user.Anchor || Array.IndexOf(user.Cart, i) >= 0 || user.TimesBought(i) > 0;
            if (personal)
                rel += 1;
            sources[k] = ("request", SignalEvidence.None);
        }
        return new ComposedBundle
        {
            Items = sorted,
            Score = 0,
            Relevance = rel / sorted.Length,
            Complementarity = comp / pairs.Count,
            Propensity = conf / pairs.Count,
            ListPrice = list,
            Cost = cost,
            HasOverstockedItem = overstock,
            Pairs = pairs.ToArray(),
            ItemSources = sources,
            Personalised = user.IsKnown,
        };
    }
}
