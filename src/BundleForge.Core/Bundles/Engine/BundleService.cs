using BundleForge.Artifacts;
using BundleForge.Bundles.Strategy;
using BundleForge.Data;
using BundleForge.Privacy;

namespace BundleForge.Bundles.Engine;

/// <summary>Serves bundles and prices from a model folder: resolves raw user ids through their pseudonymised key,
/// shop item ids to dense ids, and answers with priced, explained offers.</summary>
public sealed class BundleService
{
    private readonly Pseudonymizer _pseudonymizer;

    public BundleService(ItemCatalog catalog, BundleModel model, Pseudonymizer pseudonymizer, BundleEngineFactory? factory = null)
    {
        Catalog = catalog;
        Model = model;
        _pseudonymizer = pseudonymizer;
        Factory = factory ?? new BundleEngineFactory(catalog, model);
    }

    /// <summary>Loads the catalog and the <c>bundles</c> component of a verified model folder, with the signals of
    /// the folder's item2vec component and of any component <paramref name="loaders"/> read (sequence models). With
    /// <paramref name="strategy"/> it replaces the strategy stored in the model, which is then not read.</summary>
    public static BundleService Open(ModelReader reader, IEnumerable<IBundleSignalLoader>? loaders = null, MarketStrategy? strategy = null)
    {
        var catalog = CatalogComponent.Load(reader);
        var model = BundleModel.Load(reader, strategy);
        return new(catalog, model, Pseudonymizer.FromEnvironment(), BundleEngineFactory.Open(reader, catalog, model, loaders));
    }

    /// <summary>The currency (ISO 4217 code) prices are in under <paramref name="strategy"/> (default: the model's):
    /// the strategy's, else the catalog's, else <see cref="CurrencyCode.Default"/>.</summary>
    public string CurrencyFor(MarketStrategy? strategy = null) => CurrencyCode.Resolve((strategy ?? Model.Strategy).Currency, Model.Currency);

    public ItemCatalog Catalog { get; }
    public BundleModel Model { get; }
    public BundleEngineFactory Factory { get; }

    /// <summary>The dense id of a shop item id; unknown ids are a <see cref="DataException"/> naming the id.</summary>
    public int ItemOf(string shopId, string field = "item")
    {
        int i = Catalog.IndexOf(shopId.Trim());
        if (i < 0)
            throw new DataException($"unknown item '{shopId.Trim()}'", field: field);
        return i;
    }

    /// <summary>The context of a raw user id (null or unknown: an anonymous visitor).</summary>
    public UserContext ContextOf(string? rawUserId, int[]? cart = null, int anchor = -1)
    {
        int u = string.IsNullOrEmpty(rawUserId) ? -1 : Model.IndexOfKey(_pseudonymizer.Key(rawUserId));
        return Model.ContextOf(u, cart, anchor);
    }

    /// <summary>Up to <paramref name="count"/> offers for a user; unknown users get non-personalised bundles
    /// (<see cref="BundleRecommendation.Personalised"/> false).</summary>
    public BundleRecommendation Recommend(string? rawUserId, IReadOnlyList<string>? cart = null, string? anchor = null, int? count = null, MarketStrategy? strategy = null)
    {
        // The strategy's own limit: a request composes and prices 3n bundles and its set choice grows with n².
        if (count is < 1 or > MarketStrategy.MaxBundlesPerRequest)
            throw new DataException($"the number of bundles must be from 1 to {MarketStrategy.MaxBundlesPerRequest}, not {count}", field: "n");
        var cartIds = (cart ?? []).Select(c => ItemOf(c, "cart")).Distinct().ToArray();
        int anchorId = string.IsNullOrWhiteSpace(anchor) ? -1 : ItemOf(anchor, "item");
        var user = ContextOf(rawUserId, cartIds, anchorId);
        var answer = Factory.Create(strategy).Answer(user, count);
        return new BundleRecommendation(user.IsKnown, user.IsKnown && answer.Offers.Any(o => o.Bundle.Personalised), user.Segment, answer.Offers, answer.Withheld);
    }

    /// <summary>Prices explicit items for a user (or an anonymous visitor) with the whole expected-profit curve.</summary>
    public BundleOffer Price(IReadOnlyList<string> items, string? rawUserId = null, MarketStrategy? strategy = null)
    {
        var ids = new int[items.Count];
        for (int k = 0; k < ids.Length; k++)
        {
            ids[k] = ItemOf(items[k], "items");
            // A repeated item is a typing mistake, not a bundle of one: name it rather than price something else.
            if (Array.IndexOf(ids, ids[k], 0, k) >= 0)
                throw new DataException($"item '{items[k].Trim()}' is listed twice; a bundle's items must be distinct", field: "items");
        }
        if (ids.Length < 2)
            throw new DataException($"a bundle needs at least two distinct items, not {ids.Length}", field: "items");
        var user = ContextOf(rawUserId);
        var engine = Factory.Create((strategy ?? Model.Strategy) with { Exploration = false });
        return engine.Price(ids, user);
    }
}
