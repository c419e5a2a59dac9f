using BundleForge.Embeddings;
using BundleForge.Server.Serving;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Components;

/// <summary>Loads new products from the <c>text</c> component when the model also has <c>item2vec</c>: each catalog
/// item with at most <see cref="NewItemsOptions.MaxPurchases"/> purchases and a text vector borrows a behaviour vector
/// from its nearest established items in text space, with the rule (<see cref="NewItemBlend"/>) chosen at training
/// time; a model without item2vec gets a component with no new products (answers unchanged).</summary>
public sealed class NewItemsComponentFactory(NewItemsOptions options) : IServingComponentFactory
{
    public string ComponentName => ItemTextVectors.Component;
    public int Priority => 6;

    public IServingComponent Load(ModelLoadContext context)
    {
        var catalog = context.Catalog;
        if (!context.Reader.Has(Item2VecModel.Component))
            return new NewItemsComponent(null, new NewItemBlend(), [], [], options);
        var text = ItemTextVectors.Load(context.Reader, catalog);
        var item2vec = Item2VecModel.Load(context.Reader);
        var blend = NewItemBlend.Load(context.Reader) ?? new NewItemBlend();
        var scorer = NewItemScorer.Build(catalog, text, item2vec.ItemIds, item2vec.Embeddings);
        var purchases = new Dictionary<string, long>(item2vec.ItemIds.Length, StringComparer.Ordinal);
        for (int v = 0; v < item2vec.ItemIds.Length; v++)
            purchases[item2vec.ItemIds[v]] = item2vec.Embeddings.Counts[v];
        var pool = new bool[catalog.Count];
        var fresh = new List<int>();
        for (int i = 0; i < catalog.Count; i++)
        {
            bool isNew = purchases.GetValueOrDefault(catalog.Ids[i]) <= options.MaxPurchases;
            pool[i] = !isNew;
            if (isNew && scorer.HasText(i))
                fresh.Add(i);
        }
        int q = scorer.BehaviourDimensions;
        var mapped = new float[(long)fresh.Count * q];
        for (int r = 0; r < fresh.Count; r++)
            scorer.MapByNeighbours(fresh[r], blend.Neighbours, pool, mapped.AsSpan(r * q, q));
        return new NewItemsComponent(scorer, blend, [.. fresh], mapped, options);
    }
}
