using BundleForge.Bundles;
using BundleForge.Bundles.Engine;

namespace BundleForge.Server.Serving;

/// <summary>The bundles offered for one request (only offers worth making, possibly none), by reason the composed
/// bundles that were not offered, and what the request budget left out (null when nothing was).</summary>
public sealed record OfferAnswer(IReadOnlyList<PricedBundle> Bundles, WithheldBundles Withheld, Degradation? Degraded = null);
