namespace BundleForge.Server.Serving;

/// <summary>A bundle with its price and the reasons for it, as the bundle engine returns it (dense item ids).</summary>
public sealed record PricedBundle(
    string BundleId,
    int[] Items,
    double ListPrice,
    double Price,
    double ExpectedMargin,
    double AcceptanceProbability,
    string Explanation);
