using BundleForge.Embeddings;
using BundleForge.Server.Serving;
using BundleForge.Text;

namespace BundleForge.Server.Components;

/// <summary>Loads the <c>text</c> component for search by meaning: the stored item vectors (refused when they were
/// computed for other items) and a sentence encoder for the queries, owned by the loaded version. One ONNX Runtime
/// thread per query: requests run side by side on the cores instead of one request spreading over them.</summary>
public sealed class TextSearchComponentFactory : IServingComponentFactory
{
    public string ComponentName => ItemTextVectors.Component;
    public int Priority => 5;

    public IServingComponent Load(ModelLoadContext context)
    {
        var vectors = ItemTextVectors.Load(context.Reader, context.Catalog);
        var encoder = new TextEncoder(threads: 1);
        // The version disposes it once no request uses it (also when the load fails below).
        context.Owned.Add(encoder);
        return new TextSearchComponent(new ItemTextSearch(context.Catalog, vectors, encoder));
    }
}
