using BundleForge.Artifacts;
using BundleForge.Bundles;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>Loads the <c>bundles</c> component (the bundle engine) with the model's catalog, refusing one trained on
/// other items than the served catalog.</summary>
public sealed class BundlesComponentFactory : IServingComponentFactory
{
    public string ComponentName => BundleModel.Component;
    public int Priority => 10;

    public IServingComponent Load(ModelLoadContext context)
    {
        var catalog = CatalogComponent.Load(context.Reader);
        if (!catalog.Ids.AsSpan().SequenceEqual(context.Catalog.Ids))
            throw new DataException("The bundles component was trained on other items than the baseline; train both in one run.", context.Reader.Directory);
        return new BundlesComponent(catalog, BundleModel.Load(context.Reader));
    }
}
