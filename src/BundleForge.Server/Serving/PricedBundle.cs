namespace BundleForge.Server.Serving;

/// <summary>A bundle with its price and the reasons for it, as the bundle engine returns it (dense item ids).
/// <see cref="ExpectedProfit"/> and <see cref="Acceptance"/> are posterior estimates, each with its 90% interval.
/// <see cref="Quote"/> (the whole expected-profit curve) and <see cref="Reasons"/> (the explanation sentence by
/// sentence) are there for the dashboard when the engine provides them; the API sends neither.</summary>
public sealed record PricedBundle(
    string BundleId,
    int[] Items,
    double ListPrice,
    double Price,
    double ExpectedProfit,
    (double Low, double High) ExpectedProfitInterval,
    double Acceptance,
    (double Low, double High) AcceptanceInterval,
    string Explanation,
    BundleForge.Bundles.Pricing.PriceQuote? Quote = null,
    IReadOnlyList<string>? Reasons = null);
