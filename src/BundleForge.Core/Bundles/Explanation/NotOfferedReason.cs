namespace BundleForge.Bundles.Explanation;

/// <summary>Why the bundle is not offered, as the pricer says it: "not offered: cannot meet the 15% margin floor ...".</summary>
public sealed record NotOfferedReason(string Why) : ExplanationReason
{
    /// <inheritdoc/>
    public override string Kind => "price";

    /// <inheritdoc/>
    public override bool IsComplete => Filled(Why);

    /// <inheritdoc/>
    public override string Text => $"not offered: {Why}";
}
