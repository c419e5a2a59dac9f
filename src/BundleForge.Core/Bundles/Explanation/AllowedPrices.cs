using BundleForge.Bundles.Pricing;

namespace BundleForge.Bundles.Explanation;

/// <summary>The prices of a quote the strategy allows, by increasing discount: the points a profit curve shows and
/// the price sentence compares with. One allowed price makes no curve.</summary>
public static class AllowedPrices
{
    /// <summary>Indices into <see cref="PriceQuote.Curve"/> of the allowed (feasible) points, by increasing discount.</summary>
    public static int[] Of(PriceQuote quote)
    {
        var curve = quote.Curve;
        var allowed = new List<int>(curve.Count);
        for (int k = 0; k < curve.Count; k++)
            if (curve[k].Feasible)
                allowed.Add(k);
        allowed.Sort((a, b) => curve[a].Discount.CompareTo(curve[b].Discount));
        return allowed.ToArray();
    }

    /// <summary>True when the quote has a curve worth drawing: at least two allowed prices.</summary>
    public static bool HasCurve(PriceQuote quote)
    {
        int n = 0;
        foreach (var p in quote.Curve)
            if (p.Feasible && ++n == 2)
                return true;
        return false;
    }
}
