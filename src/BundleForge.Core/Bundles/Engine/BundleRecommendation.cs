namespace BundleForge.Bundles.Engine;

/// <summary>The answer to a bundles request: whether the user was known, whether the bundles are personalised, the
/// pricing segment and the offers.</summary>
public sealed record BundleRecommendation(bool KnownUser, bool Personalised, string Segment, IReadOnlyList<BundleOffer> Offers);
