using BundleForge.Bundles.Engine;

namespace BundleForge.Server.Serving;

/// <summary>The bundles offered for one request (only offers worth making, possibly none) and, by reason, the composed
/// bundles that were not offered.</summary>
public sealed record OfferAnswer(IReadOnlyList<PricedBundle> Bundles, WithheldBundles Withheld);
