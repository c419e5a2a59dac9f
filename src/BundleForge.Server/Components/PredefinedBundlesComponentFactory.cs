using BundleForge.Artifacts;
using BundleForge.BundleRanking;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>Loads the <c>bundle-ranker</c> component, refusing one trained on other items than the served catalog.</summary>
public sealed class PredefinedBundlesComponentFactory : IServingComponentFactory
{
    /// <inheritdoc />
    public string ComponentName => BundleRankerModel.Component;

    /// <inheritdoc />
    public int Priority => 5;

    /// <inheritdoc />
    public IServingComponent Load(ModelLoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = BundleRankerModel.Load(context.Reader);
        var catalog = CatalogComponent.Load(context.Reader);
        if (model.ItemCount != catalog.Count || !catalog.Ids.AsSpan().SequenceEqual(context.Catalog.Ids))
            throw new DataException("The bundle-ranker component was trained on other items than the baseline; train both in one run.", context.Reader.Directory);
        return new PredefinedBundlesComponent(model);
    }
}
