namespace BundleForge.Evaluation.Bundles;

/// <summary>The held-out-time backtest of the engine beside the top-pairs and rules-only baselines.</summary>
public sealed record BundleBacktestResult(BundleMetrics Engine, BundleMetrics TopPairs, BundleMetrics RulesOnly, int Users, int TrainBaskets, int TestBaskets, long TestStart);
