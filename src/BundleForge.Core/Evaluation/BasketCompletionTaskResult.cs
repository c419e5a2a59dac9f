using BundleForge.Evaluation.BasketCompletion;

namespace BundleForge.Evaluation;

/// <summary>Result of <see cref="BasketCompletionTask"/>: the protocol, the blend's and every baseline's metrics, and
/// whether the model folder was trained on the very data evaluated.</summary>
public sealed record BasketCompletionTaskResult : EvaluationResult
{
    /// <summary>The protocol, the blend's metrics (overall, head, tail) and every baseline's, on the same queries.</summary>
    public required BasketCompletionReport Report { get; init; }
    /// <summary>Whether the model folder was trained on the very data evaluated (same fingerprint).</summary>
    public required bool ModelTrainedOnSameData { get; init; }
}
