namespace BundleForge.Evaluation;

/// <summary>Options of <see cref="BundleRankingTask"/>.</summary>
public sealed record BundleRankingTaskOptions : EvaluationOptions
{
    /// <summary>Cut-off k of Recall@k and NDCG@k.</summary>
    public int K { get; init; } = 20;
}
