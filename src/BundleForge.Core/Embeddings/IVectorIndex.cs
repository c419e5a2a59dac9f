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

    /// <summary>The same search with k = <c>results.Length</c>, written into <paramref name="results"/> best first;
    /// returns how many rows were written.</summary>
    int TopK(ReadOnlySpan<float> query, Span<Neighbor> results, Predicate<int>? exclude = null);

    /// <summary>One <see cref="TopK(ReadOnlySpan{float}, int, Predicate{int}?)"/> per row of <paramref name="queries"/>
    /// (queries × <see cref="Dimensions"/>), answered in parallel, one query per worker at a time.</summary>
    Neighbor[][] TopKBatch(ReadOnlySpan<float> queries, int k, Predicate<int>? exclude = null)
    {
        int d = Dimensions;
        if (queries.Length % d != 0)
            throw new DataException($"Dimension mismatch: {queries.Length} query values are not a whole number of {d}-dimensional queries.");
        var all = queries.ToArray();
        var results = new Neighbor[all.Length / d][];
        Parallel.For(0, results.Length, i => results[i] = TopK(all.AsSpan(i * d, d), k, exclude));
        return results;
    }
}
