namespace BundleForge.Server.Serving;

/// <summary>Composes priced bundles for a user around a cart and/or a product page (the bundle engine).</summary>
public interface IBundleOffers : IServingComponent
{
    /// <summary>The currency (ISO 4217 code) of every amount the offers carry.</summary>
    string Currency { get; }

    /// <summary>Up to <paramref name="n"/> bundles, best first.</summary>
    IReadOnlyList<PricedBundle> Offers(UserSnapshot user, ReadOnlySpan<int> cart, int focusItem, int n);

    /// <summary>The cache of composed bundles (its hit and miss counts feed <c>/metrics</c>), or null when none.</summary>
    BundleForge.Bundles.Composition.CompositionCache? Cache => null;
}
