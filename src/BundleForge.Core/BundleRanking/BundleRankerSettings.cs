namespace BundleForge.BundleRanking;

/// <summary>The settings of one <see cref="BundleRankerModel"/>: λ, q and the item-view weight W was solved with, and
/// the weights of the item-affinity and popularity terms added when scoring.</summary>
public readonly record struct BundleRankerSettings(float Lambda, float DiagonalWeight, float ItemViewWeight, float ItemAffinityWeight, float PopularityWeight);
