namespace BundleForge.Embeddings;

/// <summary>Where an item's vector came from.</summary>
public enum ItemVectorSource : byte
{
    /// <summary>No vector: below min count and no usable attributes.</summary>
    None = 0,
    /// <summary>Learned by item2vec from baskets and histories.</summary>
    Trained = 1,
    /// <summary>Cold start: built from the vectors of items sharing its attributes.</summary>
    Content = 2,
}
