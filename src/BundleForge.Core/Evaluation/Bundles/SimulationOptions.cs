namespace BundleForge.Evaluation.Bundles;

/// <summary>Knobs of the simulated-shop backtest.</summary>
public sealed record SimulationOptions
{
    /// <summary>Users simulated (sampled among those with purchases).</summary>
    public int Users { get; init; } = 1_000;
    /// <summary>Offer sessions per user; the engine learns from every session's feedback as it goes.</summary>
    public int Rounds { get; init; } = 3;
    public long Seed { get; init; } = 7;
    /// <summary>Discount of the fixed-discount baseline.</summary>
    public double FixedDiscount { get; init; } = 0.10;
    /// <summary>Number of top-selling pairs the fixed-discount baseline offers.</summary>
    public int TopPairs { get; init; } = 3;
    /// <summary>Feedback protocol: when the customer accepted one offer of a session, the others are recorded as shown
    /// but not as declined (they lost a comparison, not necessarily on price). False records them as declines.</summary>
    public bool CensorCompetingDeclines { get; init; } = true;
    /// <summary>Log-scale noise of a user's valuation of one bundle in one session.</summary>
    public double ValuationNoise { get; init; } = 0.15;
}
