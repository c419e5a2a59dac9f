namespace BundleForge.Server.Serving;

/// <summary>One suggested item (dense id) with its score and the evidence behind it. Co-purchase figures are zero for
/// suggestions that do not come from observed co-purchases.</summary>
public readonly record struct Suggestion(int Item, double Score, string Source, int CoPurchases = 0, double Confidence = 0, double Lift = 0)
{
    /// <summary>Backed by observed co-purchases with the anchor items.</summary>
    public const string CoPurchase = "co-purchase";
    /// <summary>Popular in the same category as the anchor.</summary>
    public const string CategoryPopular = "category-popular";
    /// <summary>Globally popular (the fallback).</summary>
    public const string Popular = "popular";
}
