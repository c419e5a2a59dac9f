using BundleForge.Evaluation.Metrics;

namespace BundleForge.Evaluation.NextBasket;

/// <summary>One recommender's next-basket metrics: over each case's whole first order, over its explore targets only
/// (items the customer never bought before; cases without any are left out) and over its repeat targets only.</summary>
public sealed record NextBasketMetrics(RankingMetrics Whole, RankingMetrics Explore, RankingMetrics Repeat);
