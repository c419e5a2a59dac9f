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
    // Plain fields and a bit per field that was set (a nullable double is 16 bytes): the curve of every quote holds
    // these, so the point stays small. A field not set reads as the estimate (points built in tests, by hand).
    private readonly double _low, _high, _sampled, _unit;
    private readonly byte _set;
    private const byte LowSet = 1, HighSet = 2, SampledSet = 4, UnitSet = 8, OfferableSet = 16, OfferableValue = 32;

    /// <summary>Worth offering: allowed by the strategy, and the estimated expected incremental profit is positive
    /// and above the strategy's <c>min_expected_profit</c> (default: feasible with a positive expected profit).</summary>
    public bool Offerable
    {
        get => (_set & OfferableSet) != 0 ? (_set & OfferableValue) != 0 : Feasible && ExpectedProfit > 0;
        init => _set |= (byte)(OfferableSet | (value ? OfferableValue : 0));
    }

    /// <summary>Lower end of the 90% posterior interval of the acceptance (default: the estimate).</summary>
    public double AcceptanceLow
    {
        get => (_set & LowSet) != 0 ? _low : Acceptance;
        init
        {
            _low = value;
            _set |= LowSet;
        }
    }
    /// <summary>Upper end of the 90% posterior interval of the acceptance (default: the estimate).</summary>
    public double AcceptanceHigh
    {
        get => (_set & HighSet) != 0 ? _high : Acceptance;
        init
        {
            _high = value;
            _set |= HighSet;
        }
    }
    /// <summary>The acceptance under the answer's exploration draw (default: the estimate).</summary>
    public double SampledAcceptance
    {
        get => (_set & SampledSet) != 0 ? _sampled : Acceptance;
        init
        {
            _sampled = value;
            _set |= SampledSet;
        }
    }
    /// <summary>Incremental profit if the customer accepts: price − Σ cost − the organic profit the bundle displaces.</summary>
    public double UnitProfit
    {
        get => (_set & UnitSet) != 0 ? _unit : Acceptance > 0 ? ExpectedProfit / Acceptance : 0;
        init
        {
            _unit = value;
            _set |= UnitSet;
        }
    }

    /// <summary>Expected incremental profit under the exploration draw (what the choice maximises).</summary>
    public double SampledProfit => SampledAcceptance * UnitProfit;
    /// <summary>The 90% posterior interval of the expected incremental profit.</summary>
    public (double Low, double High) ExpectedProfitInterval =>
        UnitProfit >= 0 ? (AcceptanceLow * UnitProfit, AcceptanceHigh * UnitProfit) : (AcceptanceHigh * UnitProfit, AcceptanceLow * UnitProfit);
}
