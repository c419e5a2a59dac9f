namespace BundleForge.Mining;

/// <summary>One frequently-bought-together suggestion with its evidence. For fallback results the co-purchase
/// evidence is zero and <see cref="Anchor"/> is -1.</summary>
public sealed record FbtRecommendation(
    int Item,
    double Score,
    string Source,
    int CoPurchases,
    double Confidence,
    double Lift,
    int Anchor,
    int SupportingItems)
{
    /// <summary>Source of results backed by observed co-purchases.</summary>
    public const string CoPurchaseSource = "co-purchase";
}
