using BundleForge.Bundles.Pricing;

namespace BundleForge.Server.Serving;

/// <summary>A bundle with its price and the reasons for it, as the bundle engine returns it (dense item ids).
/// <see cref="ExpectedProfit"/> and <see cref="Acceptance"/> are posterior estimates, each with its 90% interval.
/// <see cref="Quote"/> (the whole expected-profit curve) and <see cref="Reasons"/> (the explanation sentence by
/// sentence) are there for the dashboard when the engine provides them; the API sends neither.
/// <see cref="New"/> marks the items that are new products placed from their text (one flag per item of
/// <see cref="Items"/>; null when none is). <see cref="Responses"/>: the labelled offer responses the acceptance
/// estimate has learned from.</summary>
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
    PriceQuote? Quote = null,
    IReadOnlyList<string>? Reasons = null,
    bool[]? New = null,
    long Responses = 0)
{
    /// <summary>True when the acceptance's interval is too wide to say much (<see cref="AcceptanceEvidence"/>): show
    /// "little evidence yet" with <see cref="Responses"/> instead of the interval alone.</summary>
    public bool LittleEvidence => AcceptanceEvidence.IsLittle(AcceptanceInterval.Low, AcceptanceInterval.High);

    /// <summary>True when the item at <paramref name="index"/> of <see cref="Items"/> is a new product.</summary>
    public bool IsNewAt(int index) => New is { } n && index < n.Length && n[index];
}
