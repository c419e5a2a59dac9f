namespace BundleForge.Evaluation;

/// <summary>Result of <see cref="BundleRankingTask"/>: Recall@k and NDCG@k of the ranker and of the popularity
/// baseline over the test users.</summary>
public sealed record BundleRankingTaskResult : EvaluationResult
{
    public required string Protocol { get; init; }
    public required int K { get; init; }
    public required double Recall { get; init; }
    public required double Ndcg { get; init; }
    public required double PopularityRecall { get; init; }
    public required double PopularityNdcg { get; init; }
    /// <summary>Test users ranked.</summary>
    public required int Users { get; init; }
    /// <summary>Predefined bundles in the dataset.</summary>
    public required int Bundles { get; init; }
}
