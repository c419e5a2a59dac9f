namespace BundleForge.Server.Serving;

/// <summary>Items bought together with a product or a cart.</summary>
public interface IFrequentlyBoughtTogether : IServingComponent
{
    /// <summary>Up to <paramref name="k"/> items to add to <paramref name="cart"/> (dense ids, distinct), never one
    /// of the cart's items. <see cref="TogetherMode.Strict"/> returns only observed co-purchases (possibly fewer than
    /// k); <see cref="TogetherMode.Relaxed"/> fills with fallbacks, each marked by its <see cref="Suggestion.Source"/>.</summary>
    IReadOnlyList<Suggestion> Together(ReadOnlySpan<int> cart, int k, TogetherMode mode);
}
