using BundleForge.Artifacts;
using BundleForge.Bundles;
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

    public IServingComponent Load(ModelLoadContext context)
    {
        var catalog = CatalogComponent.Load(context.Reader);
        if (!catalog.Ids.AsSpan().SequenceEqual(context.Catalog.Ids))
            throw new DataException("The bundles component was trained on other items than the baseline; train both in one run.", context.Reader.Directory);
        var model = BundleModel.Load(context.Reader);
        return new BundlesComponent(catalog, model, BundleEngineFactory.Open(context.Reader, catalog, model, loaders));
    }
}
