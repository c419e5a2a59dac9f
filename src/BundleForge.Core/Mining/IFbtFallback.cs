namespace BundleForge.Mining;

/// <summary>A signal that fills frequently-bought-together lists in relaxed mode when co-purchases run out (category,
/// popularity; embeddings plug in here too). Each result carries the fallback's <see cref="Source"/>.</summary>
public interface IFbtFallback
{
    /// <summary>Label of this signal's results, such as <c>fallback-category</c>.</summary>
    string Source { get; }

    /// <summary>Appends up to <paramref name="needed"/> items, best first, skipping every item in <paramref name="exclude"/>.</summary>
    void Suggest(ReadOnlySpan<int> cart, int needed, IReadOnlySet<int> exclude, List<FbtRecommendation> into);
}
