using BundleForge.Evaluation.Metrics;

namespace BundleForge.Neural;

/// <summary>A trained sequence model (best validation checkpoint) with its training record and test metrics.</summary>
public sealed class SequenceTrainingResult
{
    public required SequenceTransformer Network { get; init; }
    public required SequenceModelOptions Options { get; init; }
    public required int EpochsRun { get; init; }
    public required int BestEpoch { get; init; }
    public required double SecondsPerEpoch { get; init; }
    /// <summary>Process CPU time (all threads) per training epoch: steadier than wall time on a shared machine.</summary>
    public required double CpuSecondsPerEpoch { get; init; }
    /// <summary>Wall time of the per-epoch validation (all items ranked for every validation user).</summary>
    public required double ValidationSecondsPerEpoch { get; init; }
    public required double BestValidNdcg10 { get; init; }
    /// <summary>Test metrics of the best checkpoint (leave-last-out, all items ranked).</summary>
    public required RankingMetrics Test { get; init; }
    /// <summary>The popularity baseline on the same test targets.</summary>
    public required RankingMetrics PopularityTest { get; init; }
    /// <summary>Mean training loss per epoch.</summary>
    public required IReadOnlyList<double> EpochLoss { get; init; }
    /// <summary>Validation NDCG@10 per validation (the better of kept and masked under <see cref="SequenceHistoryRule.Auto"/>).</summary>
    public required IReadOnlyList<double> EpochValidNdcg10 { get; init; }
    /// <summary>Whether the model ranks the user's past items last, and the evidence (also in the network's config).</summary>
    public required SequenceHistoryDecision History { get; init; }
    /// <summary>Epochs of the refit on training + validation items (<see cref="SequenceModelOptions.Refit"/>; 0 = not refitted).</summary>
    public int RefitEpochs { get; init; }
    /// <summary>Wall time of the refit.</summary>
    public double RefitSeconds { get; init; }
}
