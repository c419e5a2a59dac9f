namespace BundleForge.Evaluation;

/// <summary>Options of <see cref="ColdItemsTask"/>.</summary>
public sealed record ColdItemsTaskOptions : EvaluationOptions
{
    /// <summary>Days at the end of the data tested on (the model folder must be trained without them).</summary>
    public int TestDays { get; init; } = 30;
    /// <summary>Days before the test period the new-item rule is chosen on when the model folder stores none.</summary>
    public int ValidationDays { get; init; } = 30;
    /// <summary>Seed of the random baseline's shuffles.</summary>
    public long Seed { get; init; } = 42;
    /// <summary>Seeded shuffles per case the random baseline averages over.</summary>
    public int RandomDraws { get; init; } = 20;
}
