namespace BundleForge.Mining;

/// <summary>How frequently-bought-together fills its list.</summary>
public enum FbtMode
{
    /// <summary>Only items observed in the same baskets as the cart.</summary>
    Strict,
    /// <summary>Observed co-purchases first, then fallback signals (category, popularity, later embeddings), each
    /// result saying where it came from.</summary>
    Relaxed,
}
