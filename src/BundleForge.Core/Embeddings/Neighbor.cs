namespace BundleForge.Embeddings;

/// <summary>A search hit: the row (dense item id) and its cosine similarity to the query.</summary>
public readonly record struct Neighbor(int Id, float Score);
