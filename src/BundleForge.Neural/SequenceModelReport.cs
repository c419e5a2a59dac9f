using BundleForge.Evaluation.Metrics;
using BundleForge.Training;

namespace BundleForge.Neural;

/// <summary>What training a sequence model (<c>sasrec</c> or <c>bert4rec</c>) measured: next-item test metrics beside
/// the popularity baseline, and the training record of the best checkpoint.</summary>
public sealed record SequenceModelReport : ModelReport
{
    /// <summary>Which of the two models trained.</summary>
    public required SequenceModelKind Kind { get; init; }
    /// <inheritdoc />
    public override string Component => SequenceModelArtifact.ComponentOf(Kind);
    /// <summary>Days of the time split the model was tested on; 0 when tested leave-last-out.</summary>
    public required int TestDays { get; init; }
    /// <summary>Test metrics of the best checkpoint (all items ranked).</summary>
    public required RankingMetrics Metrics { get; init; }
    /// <summary>The popularity baseline on the same test targets.</summary>
    public required RankingMetrics Popularity { get; init; }
    /// <summary>Users of the data trained on.</summary>
    public required int Users { get; init; }
    /// <summary>Items of the catalog ranked.</summary>
    public required int Items { get; init; }
    /// <summary>Epochs trained before early stopping or the time budget ended training.</summary>
    public required int EpochsRun { get; init; }
    /// <summary>The epoch of the checkpoint kept.</summary>
    public required int BestEpoch { get; init; }
    /// <summary>Wall time per training epoch.</summary>
    public required double SecondsPerEpoch { get; init; }
    /// <summary>Process CPU time (all threads) per training epoch.</summary>
    public required double CpuSecondsPerEpoch { get; init; }
    /// <summary>Wall time of the per-epoch validation.</summary>
    public required double ValidationSecondsPerEpoch { get; init; }
    /// <summary>Validation NDCG@10 of the best checkpoint.</summary>
    public required double BestValidNdcg10 { get; init; }
    /// <summary>Mean training loss per epoch.</summary>
    public required IReadOnlyList<double> EpochLoss { get; init; }
    /// <summary>Validation NDCG@10 per validation (the better of kept and masked under <see cref="SequenceHistoryRule.Auto"/>).</summary>
    public required IReadOnlyList<double> EpochValidNdcg10 { get; init; }
    /// <summary>Whether the model ranks the user's past items last when it scores, and the evidence.</summary>
    public required SequenceHistoryDecision History { get; init; }
    /// <summary>Epochs of the refit on training + validation items whose network was kept (0 = none,
    /// <see cref="SequenceModelOptions.Refit"/>).</summary>
    public int RefitEpochs { get; init; }
    /// <summary>Wall time of that refit.</summary>
    public double RefitSeconds { get; init; }
    /// <summary>The time split's figures; null when tested leave-last-out.</summary>
    public SequenceTimeSplitReport? TimeSplit { get; init; }
}
