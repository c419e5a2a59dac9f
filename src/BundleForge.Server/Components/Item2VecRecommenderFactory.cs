using BundleForge.Embeddings;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>Loads the <c>item2vec</c> component as a recommender, refusing one trained on other items than the
/// model's catalog.</summary>
public sealed class Item2VecRecommenderFactory : IServingComponentFactory
{
    public string ComponentName => Item2VecModel.Component;
    public int Priority => 20;

    public IServingComponent Load(ModelLoadContext context)
    {
        var model = Item2VecModel.Load(context.Reader);
        if (!model.ItemIds.AsSpan().SequenceEqual(context.Catalog.Ids))
            throw new DataException("The item2vec component was trained on other items than the baseline; train both in one run.", context.Reader.Directory);
        return new Item2VecRecommender(model);
    }
}
