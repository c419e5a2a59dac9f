namespace BundleForge.Neural;

/// <summary>Settings of <see cref="CrossCbrLearner"/>; the defaults are the CrossCBR paper's for Youshu (Ma et al.,
/// KDD 2022; its config.yaml): 64 dimensions, one propagation layer, edge dropout 0.2 on the three graphs, L2 1e-4,
/// contrastive weight 0.04 at temperature 0.25, batches of 2,048 user–bundle pairs with one negative each — except the
/// learning rate: Adam at 5e-3 falling along half a cosine to 0 over 30 epochs, instead of the paper's constant 1e-3 over
/// 100 epochs, so that it fits the 10-minute budget on 2 CPU cores (on Youshu's carved split the paper's 1e-3 peaked at
/// epoch 25 below a constant 5e-3, whose curve shook by ±0.01 from check to check; the cosine's late small steps settle
/// it higher: docs/BENCHMARKS.md, 2026-12-03 "CrossCBR against the paper's code").</summary>
public sealed record CrossCbrOptions
{
    /// <summary>Dimensions of each view's vectors (a served vector holds both views: twice this).</summary>
    public int Dim { get; init; } = 64;
    /// <summary>LightGCN propagation layers over each graph.</summary>
    public int Layers { get; init; } = 1;
    /// <summary>Most passes over the user–bundle pairs when stopping early: the budget, in epochs rather than wall time,
    /// so that a seed and thread count give the same vectors on any machine.</summary>
    public int MaxEpochs { get; init; } = 30;
    /// <summary>User–bundle pairs per step.</summary>
    public int BatchSize { get; init; } = 2048;
    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 5e-3;
    /// <summary>L2 penalty (Adam weight decay) on the embeddings.</summary>
    public double L2 { get; init; } = 1e-4;
    /// <summary>Weight of the cross-view contrastive loss beside BPR.</summary>
    public double ContrastWeight { get; init; } = 0.04;
    /// <summary>Temperature of the contrastive loss.</summary>
    public double Temperature { get; init; } = 0.25;
    /// <summary>Share of user–item edges dropped each epoch (item view).</summary>
    public double ItemEdgeDropout { get; init; } = 0.2;
    /// <summary>Share of user–bundle edges dropped each epoch (bundle view).</summary>
    public double BundleEdgeDropout { get; init; } = 0.2;
    /// <summary>Share of bundle–item edges dropped each epoch (the mean of a bundle's items).</summary>
    public double AggregationDropout { get; init; } = 0.2;
    /// <summary>The learning rate over the epochs: constant, or half a cosine down to zero at the end of
    /// <see cref="MaxEpochs"/> (the horizon of both the run that stops early and the final run, so that the final run's
    /// last epoch learns at the rate of the fit run's best).</summary>
    public SequenceLearningRateSchedule Schedule { get; init; } = SequenceLearningRateSchedule.Cosine;
    /// <summary>Epochs between validation checks when stopping early.</summary>
    public int EvaluateEvery { get; init; } = 3;
    /// <summary>Checks without improvement before stopping: 4 checks (12 epochs), since the validation figure dips for a
    /// check or two before the cosine's late epochs lift it.</summary>
    public int Patience { get; init; } = 4;

    /// <summary>Throws a <see cref="DataException"/> naming the first setting that cannot train.</summary>
    public void Validate()
    {
        Require(Dim >= 1, nameof(Dim), $"must be at least 1, not {Dim}");
        Require(Layers >= 1, nameof(Layers), $"must be at least 1, not {Layers}");
        Require(MaxEpochs >= 1, nameof(MaxEpochs), $"must be at least 1, not {MaxEpochs}");
        Require(BatchSize >= 2, nameof(BatchSize), $"must be at least 2, not {BatchSize}");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), $"must be positive, not {LearningRate}");
        Require(L2 >= 0 && double.IsFinite(L2), nameof(L2), $"must be 0 or more, not {L2}");
        Require(ContrastWeight >= 0 && double.IsFinite(ContrastWeight), nameof(ContrastWeight), $"must be 0 or more, not {ContrastWeight}");
        Require(Temperature > 0 && double.IsFinite(Temperature), nameof(Temperature), $"must be positive, not {Temperature}");
        Require(ItemEdgeDropout is >= 0 and < 1, nameof(ItemEdgeDropout), $"must be in [0, 1), not {ItemEdgeDropout}");
        Require(BundleEdgeDropout is >= 0 and < 1, nameof(BundleEdgeDropout), $"must be in [0, 1), not {BundleEdgeDropout}");
        Require(AggregationDropout is >= 0 and < 1, nameof(AggregationDropout), $"must be in [0, 1), not {AggregationDropout}");
        Require(Enum.IsDefined(Schedule), nameof(Schedule), $"must be constant or cosine, not {(int)Schedule}");
        Require(EvaluateEvery >= 1, nameof(EvaluateEvery), $"must be at least 1, not {EvaluateEvery}");
        Require(Patience >= 1, nameof(Patience), $"must be at least 1, not {Patience}");
    }

    private static void Require(bool ok, string option, string rule)
    {
        if (!ok)
            throw new DataException($"CrossCbr.{option} {rule}.", field: "CrossCbr." + option);
    }
}
