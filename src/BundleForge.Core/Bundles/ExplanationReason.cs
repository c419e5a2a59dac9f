namespace BundleForge.Bundles;

/// <summary>One reason in a bundle's explanation: typed slots (each kind is a record of its own in
/// <c>Bundles.Explanation</c>) and the sentence they make. A reason with an empty slot is incomplete and is dropped,
/// never shown with a gap.</summary>
public abstract record ExplanationReason
{
    /// <summary>The kind on the wire: co_purchase, anchor, cart, history, signal, new_product, popular, price, organic, cost_assumed.</summary>
    public abstract string Kind { get; }

    /// <summary>The sentence, without a final full stop.</summary>
    public abstract string Text { get; }

    /// <summary>True when every slot the sentence needs is filled.</summary>
    public abstract bool IsComplete { get; }

    /// <summary>The sentence.</summary>
    public sealed override string ToString() => Text;

    /// <summary>True for a name or phrase that can be shown (not null, empty or blank).</summary>
    protected static bool Filled(string? text) => !string.IsNullOrWhiteSpace(text);
}
