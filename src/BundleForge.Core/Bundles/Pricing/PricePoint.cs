namespace BundleForge.Bundles.Pricing;

/// <summary>One point of a bundle's expected-profit curve: the discount actually given after rounding, the price,
/// the posterior estimate of the acceptance probability (feedback-calibrated: the acceptance at the learned correction's
/// posterior mean), the model's own uncalibrated prediction (record
/// this with offer feedback), the expected incremental profit at that estimate, the margin, and whether the strategy
/// allows the point. <see cref="AcceptanceLow"/>–<see cref="AcceptanceHigh"/> is the 90% posterior interval of the
/// acceptance; <see cref="SampledAcceptance"/> is the exploration draw the offers were chosen under (the estimate when
/// not exploring): it decides, the estimate is what is shown.</summary>
public readonly record struct PricePoint(double Discount, double Price, double Acceptance, double ModelAcceptance, double ExpectedProfit, double Margin, bool Feasible)
{
    private readonly double? _low, _high, _sampled, _unit;
    private readonly bool? _offerable;

    /// <summary>Worth offering: allowed by the strategy, and the estimated expected incremental profit is positive
    /// and above the strategy's <c>min_expected_profit</c> (default: feasible with a positive expected profit).</summary>
    public bool Offerable { get => _offerable ?? (Feasible && ExpectedProfit > 0); init => _offerable = value; }

    /// <summary>Lower end of the 90% posterior interval of the acceptance (default: the estimate).</summary>
    public double AcceptanceLow { get => _low ?? Acceptance; init => _low = value; }
    /// <summary>Upper end of the 90% posterior interval of the acceptance (default: the estimate).</summary>
    public double AcceptanceHigh { get => _high ?? Acceptance; init => _high = value; }
    /// <summary>The acceptance under the answer's exploration draw (default: the estimate).</summary>
    public double SampledAcceptance { get => _sampled ?? Acceptance; init => _sampled = value; }
    /// <summary>Incremental profit if the customer accepts: price − Σ cost − the organic profit the bundle displaces.</summary>
    public double UnitProfit { get => _unit ?? (Acceptance > 0 ? ExpectedProfit / Acceptance : 0); init => _unit = value; }

    /// <summary>Expected incremental profit under the exploration draw (what the choice maximises).</summary>
    public double SampledProfit => SampledAcceptance * UnitProfit;
    /// <summary>The 90% posterior interval of the expected incremental profit.</summary>
    public (double Low, double High) ExpectedProfitInterval =>
        UnitProfit >= 0 ? (AcceptanceLow * UnitProfit, AcceptanceHigh * UnitProfit) : (AcceptanceHigh * UnitProfit, AcceptanceLow * UnitProfit);
}
