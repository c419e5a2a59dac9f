namespace BundleForge.Embeddings;

/// <summary>Top-k cosine search over a fixed set of vectors (rows are dense item ids).</summary>
public interface IVectorIndex
{
    /// <summary>Number of rows (including rows without a vector, which are never returned).</summary>
    int Count { get; }
    int Dimensions { get; }

    /// <summary>The <paramref name="k"/> rows most similar to <paramref name="query"/>, best first, skipping rows for
    /// which <paramref name="exclude"/> is true. A query of the wrong length is a <see cref="DataException"/>.</summary>
    Neighbor[] TopK(ReadOnlySpan<float> query, int k, Predicate<int>? exclude = null);
}
