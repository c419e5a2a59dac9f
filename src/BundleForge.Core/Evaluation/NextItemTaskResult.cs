using BundleForge.Evaluation.Metrics;

namespace BundleForge.Evaluation;

/// <summary>Result of <see cref="NextItemTask"/>: the model's and the popularity baseline's ranking metrics under the
/// protocol described.</summary>
public sealed record NextItemTaskResult : EvaluationResult
{
    public required string Protocol { get; init; }
    /// <summary>The component evaluated (<c>sasrec</c>, <c>bert4rec</c>).</summary>
    public required string Component { get; init; }
    /// <summary>Days of the time split the model was trained on; 0 = leave-last-out.</summary>
    public int TimeSplitDays { get; init; }
    public required RankingMetrics Model { get; init; }
    public required RankingMetrics Popularity { get; init; }
    /// <summary>Purchases of items the model does not know, left out of the sequences.</summary>
    public long UnknownItemsDropped { get; init; }
}
