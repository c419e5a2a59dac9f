using BundleForge.Data;

namespace BundleForge.Evaluation.Bundles;

/// <summary>The whole bundle backtest in one call: the engine on held-out time of the data beside the top-pairs and
/// rules-only baselines (<see cref="BundleBacktest"/>), then, unless skipped, in a generated shop whose users'
/// valuations are known (<see cref="SimulatedShopBacktest"/>).</summary>
public static class Backtest
{
    /// <summary>Runs the held-out backtest with <paramref name="options"/> and the simulated shop with
    /// <paramref name="simulation"/> (null skips it), under the same strategy; <paramref name="cancellation"/> stops either
    /// within a user or session (and removes the signal models' temporary folder).</summary>
    public static BacktestReport Run(Dataset data, BundleBacktestOptions options, SimulatedShopOptions? simulation = null, IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellation = default)
    {
        var heldOut = BundleBacktest.Run(data, options, progress, cancellation);
        var simulated = simulation is null ? null : SimulatedShopBacktest.Run(simulation, options.Strategy, progress, cancellation);
        return new BacktestReport(heldOut, simulated)
        {
            Protocol = $"time split: last {options.TestDays} days held out{(options.Validation ? " (validation: tested on the period before them)" : "")}; " +
                       $"{heldOut.Users} users with a training history and a held-out basket; {options.Count} bundles each, judged on the user's first held-out basket",
        };
    }
}
