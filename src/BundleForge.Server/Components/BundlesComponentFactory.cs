using BundleForge.Artifacts;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Strategy;
using BundleForge.Server.Serving;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Components;

/// <summary>Loads the <c>bundles</c> component (the bundle engine) with the model's catalog, refusing one trained on
/// other items than the served catalog. The engine uses the signals of the folder's item2vec and sasrec components
/// when it was trained with them, so every host serves the same bundles from the same folder.</summary>
public sealed class BundlesComponentFactory(BundlesOptions? options = null, Action? ensureRuntime = null, NewItemsOptions? newItems = null) : IServingComponentFactory
{
    private readonly BundlesOptions _options = options ?? new BundlesOptions();
    private readonly NewItemsOptions _newItems = newItems ?? new NewItemsOptions();

    public string ComponentName => BundleModel.Component;
    public int Priority => 10;

    public IServingComponent Load(ModelLoadContext context)
    {
        var catalog = CatalogComponent.Load(context.Reader);
        if (!catalog.Ids.AsSpan().SequenceEqual(context.Catalog.Ids))
            throw new DataException("The bundles component was trained on other items than the baseline; train both in one run.", context.Reader.Directory);
        // A configured strategy replaces the model's (read on every load, so a reload picks up an edited file).
        var strategy = _options.Strategy is { } file ? MarketStrategy.Load(file) : null;
        var model = BundleModel.Load(context.Reader, strategy);
        // New products join bundles by the same settings that place them in recommendations.
        var text = new TextBundleSignals
        {
            NewItems = _newItems.InBundles,
            MaxPurchases = _newItems.MaxPurchases,
            MinCloseness = _newItems.MinClosenessPercent / 100f,
        };
        var engines = BundleEngineFactory.Open(context.Reader, catalog, model, [new SasRecBundleSignals(ensureRuntime, context.Owned), text]);
        return new BundlesComponent(catalog, model, engines, _options.CompositionCacheEntries, _options.WarmItems, context.Retired);
    }
}
