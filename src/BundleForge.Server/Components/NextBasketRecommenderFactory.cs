using BundleForge.Bundles.Engine;
using BundleForge.Recommendation;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>Loads the <c>nextbasket</c> component as a recommender, with the strategy of the folder's bundles component
/// (or the default one) for its blocks and stock rule.</summary>
public sealed class NextBasketRecommenderFactory : IServingComponentFactory
{
    public string ComponentName => NextBasketModel.Component;
    public int Priority => 30;

    public IServingComponent Load(ModelLoadContext context)
    {
        var model = NextBasketModel.Load(context.Reader, context.Catalog.Count);
        var unavailable = BundleModel.StrategyOf(context.Reader).UnavailableItems(context.Catalog);
        return new NextBasketRecommender(model, unavailable);
    }
}
