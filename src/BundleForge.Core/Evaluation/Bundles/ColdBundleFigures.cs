using BundleForge.Evaluation.Metrics;

namespace BundleForge.Evaluation.Bundles;

/// <summary>Recall@k and NDCG@k on the held-out pairs of bundles treated as new (see <see cref="ColdBundleEvaluation"/>),
/// the model's and the baselines' (<c>random</c>, <c>item_popularity</c>) on the same pairs.</summary>
public sealed record ColdBundleFigures(int Bundles, double Share, RelevantSetMetrics Metrics, IReadOnlyDictionary<string, RelevantSetMetrics> Baselines);
