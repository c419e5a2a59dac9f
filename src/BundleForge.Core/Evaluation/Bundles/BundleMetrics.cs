namespace BundleForge.Evaluation.Bundles;

/// <summary>Bundle hit rate, precision and item coverage of one policy, with the number of bundles it offered.</summary>
public sealed record BundleMetrics(double HitRate, double Precision, double Coverage, int Bundles);
