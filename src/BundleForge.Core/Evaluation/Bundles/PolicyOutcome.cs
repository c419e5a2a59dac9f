namespace BundleForge.Evaluation.Bundles;

/// <summary>What one offer policy realised in the simulated shop: offers shown and accepted, bundle revenue and
/// profit, the organic profit those accepted bundles displaced, and the difference (incremental profit).</summary>
public sealed record PolicyOutcome(string Name, long Sessions, long Offers, long Accepted, double Revenue, double BundleProfit, double DisplacedProfit)
{
    /// <summary>Bundle profit minus the organic profit it displaced.</summary>
    public double IncrementalProfit => BundleProfit - DisplacedProfit;
    public double AcceptRate => Offers > 0 ? (double)Accepted / Offers : 0;
    /// <summary>Mean discount off list of accepted bundles.</summary>
    public double MeanAcceptedDiscount { get; init; }
}
