using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Pricing;
using BundleForge.Data;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>Serves priced bundles and bundle prices from the bundle engine, and feeds offer feedback into its
/// acceptance posteriors. Requests run concurrently (the engine's sources, composer and pricer are thread-safe). The
/// bundles composed for a request (model user, purchase history with the live session's purchases, cart, item, count)
/// are remembered in a bounded <see cref="CompositionCache"/>: the composition is a function of that key for the life
/// of this model version; every answer is priced afresh, its exploration seeded by the answer's state (so a cached and
/// a composed answer to the same state are identical). Its per-user histories are
/// rewritten without erased users (the cache goes with the replaced component).</summary>
public sealed class BundlesComponent : IBundleOffers, IBundlePricer, IUserDataComponent, IWarmingComponent
{
    private readonly ItemCatalog _catalog;
    private readonly BundleModel _model;
    private readonly BundleEngine _engine;
    private readonly BundleEngine _quoteEngine;
    private readonly CompositionCache? _cache;

    /// <summary>Requests remembered by default (a few KB each).</summary>
    public const int DefaultCompositionCacheEntries = Settings.BundlesOptions.DefaultCompositionCacheEntries;

    /// <summary>Serves <paramref name="model"/> over <paramref name="catalog"/>.</summary>
    /// <param name="catalog">The catalog every component of the model folder shares.</param>
    /// <param name="model">The trained bundles component.</param>
    /// <param name="factory">Builds the engine with the model's signals (default: no extra signals).</param>
    /// <param name="cacheEntries">Composition cache size; 0 composes every request.</param>
    /// <param name="warmItems">Best sellers whose complements are computed in the background after the load.</param>
    /// <param name="retired">Cancelled when the model version is replaced: the warm-up stops there.</param>
    public BundlesComponent(ItemCatalog catalog, BundleModel model, BundleEngineFactory? factory = null, int cacheEntries = DefaultCompositionCacheEntries,
        int warmItems = DefaultWarmItems, CancellationToken retired = default)
    {
        _cache = cacheEntries >= 2 ? new CompositionCache(cacheEntries) : null;
        _catalog = catalog;
        _model = model;
        // A feedback request should not wait for the learner's refit.
        model.Feedback.Offers.RefitInBackground = true;
        factory ??= new BundleEngineFactory(catalog, model);
        Signals = factory.Signals;
        _engine = factory.Create(model.Strategy);
        // Pricing a given set answers with the expected-profit optimum, without exploration.
        _quoteEngine = factory.Create(model.Strategy with { Exploration = false });
        Warming = WarmInBackground(model, Math.Max(0, warmItems), retired);
    }

    /// <summary>Best sellers whose complements are computed in the background after loading, by default.</summary>
    public const int DefaultWarmItems = Settings.BundlesOptions.DefaultWarmItems;

    /// <summary>The background warm-up: the best sellers' complements (an item's are a scan of the catalog) computed
    /// before shoppers ask, most popular first; requests meanwhile compute what they miss themselves. Its result is the
    /// number of items warmed and the seconds it took; it ends cancelled when the version is replaced first.</summary>
    public Task<(int Items, double Seconds)> Warming { get; }

    public string WarmUpSubject => "Bundle";
    public string WarmedWhat => "the complements of {0} best sellers";

    private Task<(int Items, double Seconds)> WarmInBackground(BundleModel model, int count, CancellationToken retired)
    {
        var counts = model.Pairs.ItemCounts.ToArray();
        var items = PopularityOrder.Of(counts, Enumerable.Range(0, counts.Length).Where(i => counts[i] > 0)).Take(count).ToArray();
        if (items.Length == 0)
            return Task.FromResult((0, 0.0));
        return Task.Factory.StartNew(() =>
        {
            // Below the request threads where the OS honours it: warming should not cost a shopper latency.
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            int done = _engine.Warm(items, retired);
            // A replaced version's caches are garbage now: stop without the collection below.
            retired.ThrowIfCancellationRequested();
            // The warm-up leaves tens of MB of scan garbage behind the kept rows: collect it now, once, rather than in
            // a background collection competing with requests later.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            return (done, System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds);
        }, retired, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public string Name => BundleModel.Component;

    /// <summary>The strategy's currency, else the catalog's, else the default (<see cref="Bundles.CurrencyCode.Resolve"/>).</summary>
    public string Currency => _engine.Currency;

    /// <summary>What the engine has learned from offer feedback so far (saved with the model on a rewrite).</summary>
    public AcceptanceFeedback Feedback => _model.Feedback;

    /// <summary>The composition cache (null when off).</summary>
    public CompositionCache? Cache => _cache;

    /// <summary>The other components whose signals the engine uses.</summary>
    public IReadOnlyList<string> Signals { get; }

    public OfferAnswer Offers(UserSnapshot user, ReadOnlySpan<int> cart, int focusItem, int n, Bundles.RequestBudget? budget = null)
    {
        var context = ContextOf(user, cart.ToArray(), focusItem);
        var answer = _engine.Answer(context, n, _cache, budget);
        var list = new List<PricedBundle>(answer.Offers.Count);
        foreach (var o in answer.Offers)
            list.Add(ToPriced(o));
        return new OfferAnswer(list, answer.Withheld, answer.Degraded);
    }

    public PricedBundle Price(UserSnapshot user, ReadOnlySpan<int> items)
    {
        var ids = items.ToArray();
        return ToPriced(_quoteEngine.Price(ids, ContextOf(user, null, -1)));
    }

    public void Observe(OfferFeedback feedback)
    {
        if (feedback.Items.Length == 0)
            return;
        double list = 0;
        foreach (var i in feedback.Items)
            list += _catalog.Price[i];
        double discount = feedback.Price is double p && list > 0 ? Math.Clamp(1 - p / list, 0, 1) : 0;
        var kind = feedback.Outcome switch
        {
            OfferOutcome.Accepted => OfferEventKind.Accepted,
            OfferOutcome.Declined => OfferEventKind.Declined,
            _ => OfferEventKind.Shown,
        };
        var user = _model.ContextOf(_model.IndexOfKey(feedback.UserKey));
        // With the offer's features (the bundle as the engine sees it for this user) the per-offer learner trains on
        // the event; a single item is no bundle, so it only counts for the user's segment and discount level.
        var e = feedback.Items.Distinct().Count() >= 2
            ? _engine.Pricer.FeedbackFor(kind, _engine.Assemble(feedback.Items, user), user, discount)
            : new OfferEvent(kind, user.Segment, discount, User: user.User);
        _engine.Pricer.Record(e);
    }

    public long FeedbackVersion => _model.Feedback.Version;

    public bool Holds(string userKey) => _model.IndexOfKey(userKey) >= 0;

    public IReadOnlyCollection<string> WriteWithout(IReadOnlySet<string> userKeys, string sourceFolder, string targetFolder) =>
        [_model.WriteUsersWithout(userKeys, targetFolder)];

    /// <summary>The engine's context: the model's user (training-time history, price sensitivity, segment) with the
    /// purchases of their live session (purchases and accepted offers since the model was trained) appended, so a
    /// shopper who just bought something is offered its complements and not the item again.</summary>
    private Bundles.UserContext ContextOf(UserSnapshot user, int[]? cart, int anchor)
    {
        var trained = _model.ContextOf(_model.IndexOfKey(user.UserKey), cart, anchor);
        int bought = 0;
        foreach (var e in user.Session)
            if (e.Type is EventType.Purchase or EventType.OfferAccepted && (uint)e.Item < (uint)_catalog.Count)
                bought++;
        if (bought == 0)
            return trained;
        var history = new int[trained.History.Length + bought];
        var times = new long[history.Length];
        trained.History.CopyTo(history, 0);
        if (trained.HistoryTime.Length == trained.History.Length)
            trained.HistoryTime.CopyTo(times, 0);
        int k = trained.History.Length;
        long now = trained.Now;
        foreach (var e in user.Session)
            if (e.Type is EventType.Purchase or EventType.OfferAccepted && (uint)e.Item < (uint)_catalog.Count)
            {
                history[k] = e.Item;
                times[k++] = e.UnixSeconds;
                now = Math.Max(now, e.UnixSeconds);
            }
        return new Bundles.UserContext
        {
            User = trained.User,
            History = history,
            HistoryTime = times,
            Cart = trained.Cart,
            Anchor = trained.Anchor,
            PriceSensitivity = trained.PriceSensitivity,
            Segment = trained.Segment,
            Now = now,
        };
    }

    private static PricedBundle ToPriced(BundleOffer o)
    {
        var q = o.Quote;
        if (!q.Offered)
            return new PricedBundle(string.Join('+', o.Bundle.Items), o.Bundle.Items, Math.Round(q.ListPrice, 2), Math.Round(q.ListPrice, 2), 0, (0, 0), 0, (0, 0),
                "Not offered as a bundle: " + (q.Reason ?? "no price meets the strategy"), q, [.. o.Explanation.Sentences], NewFlags(o));
        var point = q.Point;
        var (low, high) = point.ExpectedProfitInterval;
        return new PricedBundle(string.Join('+', o.Bundle.Items), o.Bundle.Items, Math.Round(q.ListPrice, 2), Math.Round(point.Price, 2),
            Math.Round(point.ExpectedProfit, 2), (Math.Round(low, 2), Math.Round(high, 2)),
            Math.Round(point.Acceptance, 4), (Math.Round(point.AcceptanceLow, 4), Math.Round(point.AcceptanceHigh, 4)),
            o.Explanation.ToString(), q, [.. o.Explanation.Sentences], NewFlags(o), q.Responses);
    }

    /// <summary>Which items of the offer are new products (null when none is, so answers without them are unchanged).</summary>
    private static bool[]? NewFlags(BundleOffer o)
    {
        bool[]? flags = null;
        for (int k = 0; k < o.Bundle.Items.Length; k++)
            if (o.Bundle.IsNewAt(k))
                (flags ??= new bool[o.Bundle.Items.Length])[k] = true;
        return flags;
    }
}
