namespace BundleForge.Evaluation.Bundles;

/// <summary>What <c>backtest</c> reports: the held-out-time backtest on the data and, when asked for, the simulated
/// shop, with the protocol in words.</summary>
public sealed record BacktestReport(BundleBacktestResult HeldOut, SimulationResult? Simulation)
{
    public required string Protocol { get; init; }
}
