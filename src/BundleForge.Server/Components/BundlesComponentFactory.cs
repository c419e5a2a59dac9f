using BundleForge.Artifacts;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Strategy;
using BundleForge.Server.Serving;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Components;

/// <summary>Loads the <c>bundles</c> component (the bundle engine) with the model's catalog, refusing one trained on
/// other items than the served catalog. The engine uses the signals of the folder's item2vec and sasrec components
/// when it was trained with them, so every host serves the same bundles from the same folder.</summary>
public sealed class BundlesComponentFactory(BundlesOptions? options = null, Action? ensureRuntime = null) : IServingComponentFactory
{
    private readonly BundlesOptions _options = options ?? new BundlesOptions();

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
        var engines = BundleEngineFactory.Open(context.Reader, catalog, model, [new SasRecBundleSignals(ensureRuntime, context.Owned)]);
        return new BundlesComponent(catalog, model, engines, _options.CompositionCacheEntries, _options.WarmItems, context.Retired);
    }
}
