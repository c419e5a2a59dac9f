namespace BundleForge.Server.Serving;

/// <summary>How frequently-bought-together fills its list.</summary>
public enum TogetherMode
{
    /// <summary>Only items observed in the same baskets.</summary>
    Strict,
    /// <summary>Observed co-purchases first, then fallbacks (category, popularity).</summary>
    Relaxed,
}
