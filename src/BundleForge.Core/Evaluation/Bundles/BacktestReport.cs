namespace BundleForge.Evaluation.Bundles;

/// <summary>What <c>backtest</c> reports: the held-out-time backtest on the data and, when asked for, the simulated
/// shop, with the protocol in words.</summary>
public sealed record BacktestReport(BundleBacktestResult HeldOut, SimulationResult? Simulation)
{
    /// <summary>The protocol in words: the split, the users judged and the bundles each was offered.</summary>
    public required string Protocol { get; init; }
}
