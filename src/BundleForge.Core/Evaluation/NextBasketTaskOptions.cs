using BundleForge.Recommendation;

namespace BundleForge.Evaluation;

/// <summary>Options of <see cref="NextBasketTask"/>.</summary>
public sealed record NextBasketTaskOptions : EvaluationOptions
{
    /// <summary>Days at the end of the data tested on (the model folder must be trained without them).</summary>
    public int TestDays { get; init; } = 30;
    /// <summary>Days just before the test period on which the baselines' parameters are chosen; null: as many as
    /// <see cref="TestDays"/>.</summary>
    public int? ValidationDays { get; init; }
    /// <summary>TIFU-KNN's parameter grid.</summary>
    public TifuKnnGrid TifuKnn { get; init; } = new();
    /// <summary>Worker threads.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
