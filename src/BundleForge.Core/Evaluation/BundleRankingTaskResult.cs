using BundleForge.Evaluation.Bundles;
using BundleForge.Evaluation.Metrics;

namespace BundleForge.Evaluation;

/// <summary>Result of <see cref="BundleRankingTask"/>: Recall@k and NDCG@k of the trained bundle ranker and of the
/// baselines over the judged users.</summary>
public sealed record BundleRankingTaskResult : EvaluationResult
{
    /// <summary>The protocol in words.</summary>
    public required string Protocol { get; init; }
    /// <summary>The split judged.</summary>
    public required BundleRankingSplit Split { get; init; }
    /// <summary>The main cut-off.</summary>
    public required int K { get; init; }
    /// <summary>The trained <c>bundle-ranker</c> component.</summary>
    public required RelevantSetMetrics Model { get; init; }
    /// <summary>Baselines by name: <c>popularity</c> and <c>item_affinity</c> (the fixed formula used before).</summary>
    public required IReadOnlyDictionary<string, RelevantSetMetrics> Baselines { get; init; }
    /// <summary>The cold-bundle protocol's figures, when it ran.</summary>
    public ColdBundleFigures? ColdBundles { get; init; }
    /// <summary>Users judged.</summary>
    public required int Users { get; init; }
    /// <summary>Predefined bundles in the dataset.</summary>
    public required int Bundles { get; init; }
}
