namespace BundleForge.Bundles.Explanation;

/// <summary>The bundle is built around the product being looked at: "goes with X, which you are looking at".</summary>
public sealed record AnchorReason(int Item, string Name) : ExplanationReason
{
    /// <inheritdoc/>
    public override string Kind => "anchor";

    /// <inheritdoc/>
    public override bool IsComplete => Filled(Name);

    /// <inheritdoc/>
    public override string Text => $"goes with {Name}, which you are looking at";
}
