namespace BundleForge.Bundles.Explanation;

/// <summary>The bundle was built from best sellers alone, not from anything about this customer.
/// <paramref name="UnknownVisitor"/>: the shop has nothing about them (no purchases, cart or product page), which the
/// sentence says; otherwise their signals led to other items.</summary>
public sealed record PopularReason(bool UnknownVisitor) : ExplanationReason
{
    /// <inheritdoc/>
    public override string Kind => "popular";

    /// <inheritdoc/>
    public override bool IsComplete => true;

    /// <inheritdoc/>
    public override string Text => UnknownVisitor
        ? "not personalised: the shop knows nothing about this visitor yet, so these are best sellers that go together"
        : "not personalised: nothing this customer bought or looks at led to these items, so these are best sellers that go together";
}
