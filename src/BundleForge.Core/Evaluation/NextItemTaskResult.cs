using BundleForge.Evaluation.Metrics;

namespace BundleForge.Evaluation;

/// <summary>Result of <see cref="NextItemTask"/>: the model's and the popularity baseline's ranking metrics under the
/// protocol described.</summary>
public sealed record NextItemTaskResult : EvaluationResult
{
    /// <summary>The protocol in words (leave-last-out or the time split).</summary>
    public required string Protocol { get; init; }
    /// <summary>The component evaluated (<c>sasrec</c>, <c>bert4rec</c>).</summary>
    public required string Component { get; init; }
    /// <summary>Days of the time split the model was trained on; 0 = leave-last-out.</summary>
    public int TimeSplitDays { get; init; }
    /// <summary>Whether each user's history items were ranked last (<see cref="NextItemTaskOptions.ExcludeHistory"/>).</summary>
    public bool HistoryExcluded { get; init; }
    /// <summary>How the model's ranking treated each user's history: "masked" (ranked last, by
    /// <see cref="HistoryExcluded"/> or by the model's own learned rule) or "kept".</summary>
    public string History { get; init; } = "kept";
    /// <summary>The model's metrics (HR and NDCG at 5, 10 and 20, MRR, coverage@10).</summary>
    public required RankingMetrics Model { get; init; }
    /// <summary>The popularity baseline's metrics under the same protocol.</summary>
    public required RankingMetrics Popularity { get; init; }
    /// <summary>Purchases of items the model does not know, left out of the sequences.</summary>
    public long UnknownItemsDropped { get; init; }
}
