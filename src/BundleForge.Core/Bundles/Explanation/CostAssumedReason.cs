using System.Globalization;

namespace BundleForge.Bundles.Explanation;

/// <summary>The catalog has no costs, so profits rest on an assumed margin: "costs assumed at 35% margin".</summary>
public sealed record CostAssumedReason(double Margin) : ExplanationReason
{
    /// <inheritdoc/>
    public override string Kind => "cost_assumed";

    /// <inheritdoc/>
    public override bool IsComplete => double.IsFinite(Margin);

    /// <inheritdoc/>
    public override string Text => $"costs assumed at {(Margin * 100).ToString("0", CultureInfo.InvariantCulture)}% margin (the catalog has no costs)";
}
