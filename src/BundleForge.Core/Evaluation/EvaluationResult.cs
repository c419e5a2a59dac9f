namespace BundleForge.Evaluation;

/// <summary>Base of the result records of the evaluation tasks (one record per task).</summary>
public abstract record EvaluationResult
{
    /// <summary>The task that produced it (<see cref="IEvaluationTask.Name"/>).</summary>
    public required string Task { get; init; }
}
