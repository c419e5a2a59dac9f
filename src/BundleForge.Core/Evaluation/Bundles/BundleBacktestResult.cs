namespace BundleForge.Evaluation.Bundles;

/// <summary>The held-out-time backtest of the engine beside the top-pairs and rules-only baselines.</summary>
public sealed record BundleBacktestResult(BundleMetrics Engine, BundleMetrics TopPairs, BundleMetrics RulesOnly, int Users, int TrainBaskets, int TestBaskets, long TestStart)
{
    /// <summary>The signal models trained on the training period, in order, with the seconds each took.</summary>
    public IReadOnlyList<(string Component, double Seconds)> SignalSeconds { get; init; } = [];

    /// <summary>The engine's offers that hold a new product (placed from its text, with the <c>text</c> signal).</summary>
    public NewProductBundles NewProducts { get; init; } = new(0, 0, 0, 0);
}

/// <summary>Offers holding a new product in the held-out backtest: how many bundles, for how many customers, how many
/// of those bundles were hits (two of their items in the held-out basket) and in how many the customer bought the new
/// product itself.</summary>
public sealed record NewProductBundles(int Bundles, int Users, int Hits, int NewItemBought);
