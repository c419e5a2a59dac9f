namespace BundleForge.Bundles.Engine;

/// <summary>The answer to a bundles request: whether the user was known, whether the bundles are personalised, the
/// pricing segment, the offers and, by reason, the composed bundles that were not offered.</summary>
public sealed record BundleRecommendation(bool KnownUser, bool Personalised, string Segment, IReadOnlyList<BundleOffer> Offers, WithheldBundles Withheld);
