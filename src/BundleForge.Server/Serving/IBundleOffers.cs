namespace BundleForge.Server.Serving;

/// <summary>Composes priced bundles for a user around a cart and/or a product page (the bundle engine).</summary>
public interface IBundleOffers : IServingComponent
{
    /// <summary>Up to <paramref name="n"/> bundles, best first.</summary>
    IReadOnlyList<PricedBundle> Offers(UserSnapshot user, ReadOnlySpan<int> cart, int focusItem, int n);

    /// <summary>Up to <paramref name="n"/> bundles within <paramref name="budget"/>: a request that would exceed it is
    /// answered with less work, and the answer says what was left out. By default the budget is not applied.</summary>
    BundleOffersAnswer Offers(UserSnapshot user, ReadOnlySpan<int> cart, int focusItem, int n, BundleForge.Bundles.RequestBudget budget) =>
        new(Offers(user, cart, focusItem, n), null);

    /// <summary>The cache of composed bundles (its hit and miss counts feed <c>/metrics</c>), or null when none.</summary>
    BundleForge.Bundles.Composition.CompositionCache? Cache => null;
}
