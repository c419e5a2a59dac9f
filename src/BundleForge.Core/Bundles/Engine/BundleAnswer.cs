namespace BundleForge.Bundles.Engine;

/// <summary>One answer of the engine: the offers shown (only offers worth making; possibly none), what became of the
/// other composed bundles, by reason, and what a request budget left out (null when nothing was).</summary>
public sealed record BundleAnswer(IReadOnlyList<BundleOffer> Offers, WithheldBundles Withheld, Degradation? Degraded = null);
