using BundleForge.Evaluation.BasketCompletion;

namespace BundleForge.Evaluation;

/// <summary>Result of <see cref="BasketCompletionTask"/>: the protocol, the blend's and every baseline's metrics, and
/// whether the model folder was trained on the very data evaluated.</summary>
public sealed record BasketCompletionTaskResult : EvaluationResult
{
    public required BasketCompletionReport Report { get; init; }
    public required bool ModelTrainedOnSameData { get; init; }
}
