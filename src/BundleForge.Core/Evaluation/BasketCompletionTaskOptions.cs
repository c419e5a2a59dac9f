namespace BundleForge.Evaluation;

/// <summary>Options of <see cref="BasketCompletionTask"/>.</summary>
public sealed record BasketCompletionTaskOptions : EvaluationOptions
{
    /// <summary>Seed of the random split (data without real time) and of the hidden items.</summary>
    public int SplitSeed { get; init; } = 42;
    /// <summary>Data without real time: share of baskets held out.</summary>
    public double Holdout { get; init; } = 0.1;
    /// <summary>Data with real time: days held out at the end.</summary>
    public int TestDays { get; init; } = 30;
    /// <summary>Weight of item2vec in the blend with co-occurrence.</summary>
    public float EmbeddingWeight { get; init; } = 0.25f;
    /// <summary>Cut-off of HR@k, NDCG@k and coverage@k.</summary>
    public int K { get; init; } = 10;
}
