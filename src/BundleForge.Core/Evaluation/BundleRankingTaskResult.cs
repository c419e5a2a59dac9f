namespace BundleForge.Evaluation;

/// <summary>Result of <see cref="BundleRankingTask"/>: Recall@k and NDCG@k of the ranker and of the popularity
/// baseline over the test users.</summary>
public sealed record BundleRankingTaskResult : EvaluationResult
{
    /// <summary>The protocol in words.</summary>
    public required string Protocol { get; init; }
    /// <summary>The cut-off of Recall@k and NDCG@k.</summary>
    public required int K { get; init; }
    /// <summary>Mean Recall@k of the ranker.</summary>
    public required double Recall { get; init; }
    /// <summary>Mean NDCG@k of the ranker.</summary>
    public required double Ndcg { get; init; }
    /// <summary>Mean Recall@k of the popularity baseline.</summary>
    public required double PopularityRecall { get; init; }
    /// <summary>Mean NDCG@k of the popularity baseline.</summary>
    public required double PopularityNdcg { get; init; }
    /// <summary>Test users ranked.</summary>
    public required int Users { get; init; }
    /// <summary>Predefined bundles in the dataset.</summary>
    public required int Bundles { get; init; }
}
