namespace BundleForge.Server.Serving;

/// <summary>Composes priced bundles for a user around a cart and/or a product page (the bundle engine).</summary>
public interface IBundleOffers : IServingComponent
{
    /// <summary>The currency (ISO 4217 code) of every amount the offers carry.</summary>
    string Currency { get; }

    /// <summary>Up to <paramref name="n"/> bundles worth offering, best first, and why the others were not offered.
    /// The same state (user, cart, item, model, feedback, exploration period) gives the same answer. Within a
    /// <paramref name="budget"/>, a request that would exceed it is answered with less work, and the answer says what
    /// was left out.</summary>
    OfferAnswer Offers(UserSnapshot user, ReadOnlySpan<int> cart, int focusItem, int n, BundleForge.Bundles.RequestBudget? budget = null);

    /// <summary>The cache of composed bundles (its hit and miss counts feed <c>/metrics</c>), or null when none.</summary>
    BundleForge.Bundles.Composition.CompositionCache? Cache => null;
}
