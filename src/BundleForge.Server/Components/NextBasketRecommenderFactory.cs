using BundleForge.Artifacts;
using BundleForge.Bundles.Engine;
using BundleForge.Recommendation;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>Loads the <c>nextbasket</c> component as a recommender, with the strategy of the folder's bundles component
/// (or the default one) for its blocks and stock rule, applied to the folder's full catalog (the baseline's carries no
/// stock).</summary>
public sealed class NextBasketRecommenderFactory : IServingComponentFactory
{
    public string ComponentName => NextBasketModel.Component;
    public int Priority => 30;

    public IServingComponent Load(ModelLoadContext context)
    {
        var model = NextBasketModel.Load(context.Reader, context.Catalog.Count);
        var catalog = context.Reader.Has(CatalogComponent.Component) ? CatalogComponent.Load(context.Reader) : context.Catalog;
        if (catalog.Count != context.Catalog.Count)
            throw new DataException("The catalog component and the baseline know different items; train them in one run.", context.Reader.Directory);
        var unavailable = BundleModel.StrategyOf(context.Reader).UnavailableItems(catalog);
        return new NextBasketRecommender(model, unavailable);
    }
}
