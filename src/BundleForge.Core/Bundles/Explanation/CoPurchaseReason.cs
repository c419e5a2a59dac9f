using System.Globalization;

namespace BundleForge.Bundles.Explanation;

/// <summary>Two items of the bundle are bought together more often than chance: "A and B were bought together in 40
/// orders, 4.1× more often than chance". Complete when both are named, were bought together and the lift is above 1.</summary>
public sealed record CoPurchaseReason(int ItemA, string NameA, int ItemB, string NameB, int Orders, double Lift) : ExplanationReason
{
    /// <inheritdoc/>
    public override string Kind => "co_purchase";

    /// <inheritdoc/>
    public override bool IsComplete => Filled(NameA) && Filled(NameB) && ItemA != ItemB && Orders > 0 && Lift > 1 && double.IsFinite(Lift);

    /// <inheritdoc/>
    public override string Text =>
        $"{NameA} and {NameB} were bought together in {Orders.ToString("N0", CultureInfo.InvariantCulture)} orders, {Lift.ToString("0.0", CultureInfo.InvariantCulture)}× more often than chance";
}
