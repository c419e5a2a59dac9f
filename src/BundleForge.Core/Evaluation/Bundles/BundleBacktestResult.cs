namespace BundleForge.Evaluation.Bundles;

/// <summary>The held-out-time backtest of the engine beside the top-pairs and rules-only baselines.</summary>
public sealed record BundleBacktestResult(BundleMetrics Engine, BundleMetrics TopPairs, BundleMetrics RulesOnly, int Users, int TrainBaskets, int TestBaskets, long TestStart)
{
    /// <summary>The signal models trained on the training period, in order, with the seconds each took.</summary>
    public IReadOnlyList<(string Component, double Seconds)> SignalSeconds { get; init; } = [];
}
