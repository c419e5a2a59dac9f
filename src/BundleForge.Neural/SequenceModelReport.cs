using BundleForge.Evaluation.Metrics;
using BundleForge.Training;

namespace BundleForge.Neural;

/// <summary>What training a sequence model (<c>sasrec</c> or <c>bert4rec</c>) measured: next-item test metrics beside
/// the popularity baseline, and the training record of the best checkpoint.</summary>
public sealed record SequenceModelReport : ModelReport
{
    public required SequenceModelKind Kind { get; init; }
    /// <inheritdoc />
    public override string Component => SequenceModelArtifact.ComponentOf(Kind);
    /// <summary>Days of the time split the model was tested on; 0 when tested leave-last-out.</summary>
    public required int TestDays { get; init; }
    /// <summary>Test metrics of the best checkpoint (all items ranked).</summary>
    public required RankingMetrics Metrics { get; init; }
    /// <summary>The popularity baseline on the same test targets.</summary>
    public required RankingMetrics Popularity { get; init; }
    /// <summary>Users and items of the data trained on.</summary>
    public required int Users { get; init; }
    public required int Items { get; init; }
    public required int EpochsRun { get; init; }
    public required int BestEpoch { get; init; }
    public required double SecondsPerEpoch { get; init; }
    /// <summary>Process CPU time (all threads) per training epoch.</summary>
    public required double CpuSecondsPerEpoch { get; init; }
    public required double ValidationSecondsPerEpoch { get; init; }
    /// <summary>Validation NDCG@10 of the best checkpoint.</summary>
    public required double BestValidNdcg10 { get; init; }
    /// <summary>Mean training loss per epoch.</summary>
    public required IReadOnlyList<double> EpochLoss { get; init; }
    /// <summary>Validation NDCG@10 per epoch.</summary>
    public required IReadOnlyList<double> EpochValidNdcg10 { get; init; }
    /// <summary>The time split's figures; null when tested leave-last-out.</summary>
    public SequenceTimeSplitReport? TimeSplit { get; init; }
}
