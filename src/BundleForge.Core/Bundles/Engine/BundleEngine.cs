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
    private long _answers;

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

    /// <summary>Choose the shown offers and their prices together (<see cref="OfferAssortment"/>: the customer takes at
    /// most one offer, so a deep discount is not shown beside the offer whose sales it would take); false: each bundle
    /// is priced alone and the highest expected profits are shown (the earlier behaviour, for comparison).</summary>
    public bool ChooseOffersTogether { get; set; } = true;

    /// <summary>Up to <paramref name="count"/> (default: the strategy's bundles per request) priced, explained offers:
    /// three times as many diverse bundles are composed and priced, and the set of offers (and prices) with the highest
    /// expected incremental profit together is shown (<see cref="ChooseOffersTogether"/>). With a
    /// <paramref name="cache"/>, the composed bundles of a request seen before are reused (pricing is always fresh).</summary>
    public IReadOnlyList<BundleOffer> Recommend(UserContext user, int? count = null, CompositionCache? cache = null)
    {
        int n = count ?? Strategy.BundlesPerRequest;
        // Ask for spares: some composed bundles cannot be priced profitably and are dropped.
        var composed = cache is null ? ComposeCandidates(user, n * 3) : cache.GetOrCompose(user, n * 3, () => ComposeCandidates(user, n * 3));
        // Thompson sampling decides the whole answer under one sampled model: every bundle is priced with the same
        // draw (per-bundle draws made the set choice compare bundles under different models: −1.5 points of the
        // willingness-to-pay oracle's profit in the simulated shops). Numbered per answer: reproducible on one thread.
        long answer = Interlocked.Increment(ref _answers);
        var priced = new List<(ComposedBundle Bundle, PriceQuote Quote, int Rank)>(composed.Count);
        for (int k = 0; k < composed.Count; k++)
        {
            var quote = Pricer.Quote(composed[k], user, ChooseOffersTogether ? answer : null);
            if (quote.Offered)
                priced.Add((composed[k], quote, k));
        }
        var offers = new List<BundleOffer>(n);
        if (ChooseOffersTogether)
        {
            var quotes = new PriceQuote[priced.Count];
            for (int k = 0; k < quotes.Length; k++)
                quotes[k] = priced[k].Quote;
            // Exploring, each request draws its own valuations (reproducible on one thread, independent across
            // requests); with exploration off the same draws serve every request, so equal requests get equal answers.
            var rng = new SeededRandom(_seed ^ 0x4153534F, Pricer.Explore ? answer : 0);
            foreach (var (q, point) in OfferAssortment.Choose(quotes, n, ref rng))
            {
                var b = priced[q].Bundle;
                var quote = quotes[q].WithChosen(point);
                offers.Add(new BundleOffer(b, quote, Explain(b, quote, user)));
            }
            return offers;
        }
        // Each bundle alone: the highest expected incremental profits (ties keep the composer's order).
        priced.Sort((a, b) =>
        {
            int c = b.Quote.Point.ExpectedProfit.CompareTo(a.Quote.Point.ExpectedProfit);
            return c != 0 ? c : a.Rank.CompareTo(b.Rank);
        });
        foreach (var (b, quote, _) in priced)
        {
            offers.Add(new BundleOffer(b, quote, Explain(b, quote, user)));
            if (offers.Count == n)
                break;
        }
        return offers;
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

    /// <summary>The composed (unpriced) bundles the engine would choose from for <paramref name="user"/>.</summary>
    public IReadOnlyList<ComposedBundle> ComposeCandidates(UserContext user, int count)
    {
        var pool = CandidatePool.Collect(_sources, user, CandidatesPerSource);
        return Composer.Compose(user, pool, count);
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
