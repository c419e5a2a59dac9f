namespace BundleForge.Bundles.Explanation;

/// <summary>The bundle completes an item in the cart: "completes X in your cart".</summary>
public sealed record CartReason(int Item, string Name) : ExplanationReason
{
    /// <inheritdoc/>
    public override string Kind => "cart";

    /// <inheritdoc/>
    public override bool IsComplete => Filled(Name);

    /// <inheritdoc/>
    public override string Text => $"completes {Name} in your cart";
}
