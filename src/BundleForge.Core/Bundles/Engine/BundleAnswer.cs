namespace BundleForge.Bundles.Engine;

/// <summary>One answer of the engine: the offers shown (only offers worth making; possibly none) and what became of the
/// other composed bundles, by reason.</summary>
public sealed record BundleAnswer(IReadOnlyList<BundleOffer> Offers, WithheldBundles Withheld);
