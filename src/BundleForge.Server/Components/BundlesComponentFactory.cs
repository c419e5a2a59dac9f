using BundleForge.Artifacts;
using BundleForge.Bundles.Engine;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>Loads the <c>bundles</c> component (the bundle engine) with the model's catalog, refusing one trained on
/// other items than the served catalog. The engine uses the signals of the folder's item2vec component and of the
/// components <paramref name="loaders"/> read (the host passes the sequence-model loader; the server itself does not
/// reference TorchSharp).</summary>
public sealed class BundlesComponentFactory(params IBundleSignalLoader[] loaders) : IServingComponentFactory
{
    public string ComponentName => BundleModel.Component;
    public int Priority => 10;

    /// <summary>Configuration key of the composition cache size (<see cref="BundlesComponent"/>).</summary>
    public const string CacheSetting = "Bundles:CompositionCacheEntries";

    /// <summary>Configuration key of how many best sellers' complements are computed in the background after loading.</summary>
    public const string WarmSetting = "Bundles:WarmItems";

    public IServingComponent Load(ModelLoadContext context)
    {
        var catalog = CatalogComponent.Load(context.Reader);
        if (!catalog.Ids.AsSpan().SequenceEqual(context.Catalog.Ids))
            throw new DataException("The bundles component was trained on other items than the baseline; train both in one run.", context.Reader.Directory);
        var model = BundleModel.Load(context.Reader);
        int entries = Setting(context, CacheSetting, BundlesComponent.DefaultCompositionCacheEntries, "entries (0 turns the cache off)");
        int warm = Setting(context, WarmSetting, BundlesComponent.DefaultWarmItems, "items (0 turns the warm-up off)");
        return new BundlesComponent(catalog, model, BundleEngineFactory.Open(context.Reader, catalog, model, loaders), entries, warm);
    }

    private static int Setting(ModelLoadContext context, string key, int fallback, string unit)
    {
        var raw = context.Configuration[key];
        if (raw is null) return fallback;
        if (!int.TryParse(raw, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value) || value < 0)
            throw new DataException($"{key} must be a whole number of {unit}, not '{raw}'.", field: key);
        return value;
    }
}
