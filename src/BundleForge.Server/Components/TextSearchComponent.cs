using BundleForge.Server.Serving;
using BundleForge.Text;

namespace BundleForge.Server.Components;

/// <summary>The <c>text</c> component served as item search by meaning (<see cref="ItemTextSearch"/>: the query
/// encoded by the sentence encoder, exact cosine over the catalog's text vectors, plus a typo-tolerant letter match).</summary>
public sealed class TextSearchComponent(ItemTextSearch search) : IServingComponent, IItemSearch
{
    public string Name => Embeddings.ItemTextVectors.Component;

    public string Method => "meaning";

    public IReadOnlyList<FoundItem> Find(string query, int k)
    {
        var hits = search.Search(query, k);
        var found = new List<FoundItem>(hits.Count);
        foreach (var h in hits)
            found.Add(new FoundItem(h.Item, Math.Round(h.Score, 4)));
        return found;
    }
}
