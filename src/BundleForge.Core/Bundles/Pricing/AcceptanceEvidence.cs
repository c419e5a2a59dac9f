using System.Globalization;

namespace BundleForge.Bundles.Pricing;

/// <summary>When the chance a customer takes an offer is too uncertain to show as a figure: its 90% interval spans more
/// than <see cref="WideInterval"/> (a bundle with little feedback reads 4%–99%, which tells a merchant nothing), and the
/// dashboard and the API say "little evidence yet" with the number of responses behind it instead.</summary>
public static class AcceptanceEvidence
{
    /// <summary>Widest 90% interval of the acceptance (high − low, as probabilities) still shown as evidence: 0.5, i.e. 50
    /// percentage points.</summary>
    public const double WideInterval = 0.5;

    /// <summary>True when the interval <paramref name="low"/>–<paramref name="high"/> is wider than <see cref="WideInterval"/>.</summary>
    public static bool IsLittle(double low, double high) => high - low > WideInterval;

    /// <summary>What the dashboard and the CLI show instead of the interval alone: "little evidence yet: N responses to
    /// offers".</summary>
    public static string Label(long responses) =>
        $"little evidence yet: {responses.ToString("N0", CultureInfo.InvariantCulture)} {(responses == 1 ? "response" : "responses")} to offers";
}
