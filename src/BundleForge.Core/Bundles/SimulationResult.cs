namespace BundleForge.Bundles;

/// <summary>The simulated-shop backtest: the engine, no bundles, a fixed discount on top-selling pairs and an oracle
/// that knows every user's valuation, and the share of the oracle's incremental profit the engine and the
/// fixed-discount baseline reach.</summary>
public sealed record SimulationResult(
    PolicyOutcome Engine,
    PolicyOutcome NoBundles,
    PolicyOutcome FixedDiscount,
    PolicyOutcome Oracle,
    int Users,
    int Rounds,
    double Seconds)
{
    public double OracleShare => Oracle.IncrementalProfit > 0 ? Engine.IncrementalProfit / Oracle.IncrementalProfit : 0;
    public double FixedDiscountOracleShare => Oracle.IncrementalProfit > 0 ? FixedDiscount.IncrementalProfit / Oracle.IncrementalProfit : 0;
}
