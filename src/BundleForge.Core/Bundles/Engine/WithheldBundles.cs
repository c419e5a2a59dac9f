namespace BundleForge.Bundles.Engine;

/// <summary>What became of the bundles composed for one answer: how many were composed and, by reason, how many were
/// not offered (<see cref="Pricing.WithholdReason"/>). An empty answer says why with these counts instead of padding with
/// offers not worth making.</summary>
public sealed record WithheldBundles(int Composed, int PriceUnknown, int NoAllowedPrice, int NoIncrementalProfit, int BelowMinExpectedProfit)
{
    /// <summary>Nothing composed, nothing withheld.</summary>
    public static WithheldBundles None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Bundles composed but not offered, for any reason.</summary>
    public int Total => PriceUnknown + NoAllowedPrice + NoIncrementalProfit + BelowMinExpectedProfit;

    /// <summary>One line for people: why no (or few) offers were made, e.g. "9 bundles composed; not offered: 5 with no
    /// expected incremental profit, 4 below the minimum expected profit".</summary>
    public string Summary()
    {
        if (Composed == 0)
            return "no bundle could be composed (too few candidates that complement each other under the strategy's rules)";
        var parts = new List<string>(4);
        if (NoAllowedPrice > 0)
            parts.Add($"{NoAllowedPrice} with no price that keeps the margin floor and gives the minimum discount");
        if (NoIncrementalProfit > 0)
            parts.Add($"{NoIncrementalProfit} with no expected incremental profit");
        if (BelowMinExpectedProfit > 0)
            parts.Add($"{BelowMinExpectedProfit} below the minimum expected profit");
        if (PriceUnknown > 0)
            parts.Add($"{PriceUnknown} with an unknown price or cost");
        string composed = Composed == 1 ? "1 bundle composed" : $"{Composed} bundles composed";
        return parts.Count == 0 ? composed : $"{composed}; not offered: {string.Join(", ", parts)}";
    }
}
