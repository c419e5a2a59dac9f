using BundleForge.Mining;

namespace BundleForge.Server.Serving;

/// <summary>One suggested item (dense id) with its score and the evidence behind it. Co-purchase figures are zero for
/// suggestions that do not come from observed co-purchases.</summary>
public readonly record struct Suggestion(int Item, double Score, string Source, int CoPurchases = 0, double Confidence = 0, double Lift = 0)
{
    /// <summary>Backed by observed co-purchases with the anchor items.</summary>
    public const string CoPurchase = "co-purchase";
    /// <summary>Globally popular (the fallback).</summary>
    public const string Popular = "popular";

    /// <summary>Mining's frequently-bought-together results as suggestions (scores rounded for stable output).</summary>
    public static List<Suggestion> Of(List<FbtRecommendation> found)
    {
        var result = new List<Suggestion>(found.Count);
        foreach (var r in found)
            result.Add(new Suggestion(r.Item, Math.Round(r.Score, 6), r.Source, r.CoPurchases, r.Confidence, r.Lift));
        return result;
    }
}
