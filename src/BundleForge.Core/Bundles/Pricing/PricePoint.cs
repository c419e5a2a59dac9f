namespace BundleForge.Bundles.Pricing;

/// <summary>One point of a bundle's expected-profit curve: the discount actually given after rounding, the price,
/// the acceptance probability used (feedback-calibrated), the model's own uncalibrated prediction (record this with
/// offer feedback), the expected incremental profit, the margin, and whether the strategy allows the point.</summary>
public readonly record struct PricePoint(double Discount, double Price, double Acceptance, double ModelAcceptance, double ExpectedProfit, double Margin, bool Feasible);
