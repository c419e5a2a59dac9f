using BundleForge.Data;
using BundleForge.Training;

namespace BundleForge.BundleRanking;

/// <summary>What training the bundle ranker measured: its size, the hyper-parameters chosen on the validation split
/// carved from train and the validation figures they reached, and the time spent (in total and in the matrix
/// inversions).</summary>
public sealed record BundleRankerReport : ModelReport
{
    /// <inheritdoc />
    public override string Component => BundleRankerModel.Component;
    /// <summary>Predefined bundles ranked.</summary>
    public required int Bundles { get; init; }
    /// <summary>User–bundle train pairs the final model was solved on.</summary>
    public required int TrainPairs { get; init; }
    /// <summary>The splits the model learned from (train, or train and tune).</summary>
    public BundlePairs LearnedFrom { get; init; }
    /// <summary>Users with item interactions feeding the item view.</summary>
    public required int ItemViewUsers { get; init; }
    /// <summary>Users whose carved pairs judged the candidates.</summary>
    public required int ValidationUsers { get; init; }
    /// <summary>Pairs carved from train for validation.</summary>
    public required int ValidationPairs { get; init; }
    /// <summary>The settings chosen on validation (λ, q and the weight of every signal).</summary>
    public required BundleRankerSettings Settings { get; init; }
    /// <summary>The cut-off of the validation figures.</summary>
    public required int ValidationK { get; init; }
    /// <summary>Validation Recall@k of the chosen settings.</summary>
    public required double ValidationRecall { get; init; }
    /// <summary>Validation NDCG@k of the chosen settings.</summary>
    public required double ValidationNdcg { get; init; }
    /// <summary>Weightings judged on validation.</summary>
    public required int Candidates { get; init; }
    /// <summary>Bundles with no train takers, whose links were imputed from their nearest bundles by items.</summary>
    public required int ColdBundles { get; init; }
    /// <summary>Seconds spent inverting Gram matrices (one per λ and q, plus the final solve).</summary>
    public required double InverseSeconds { get; init; }
    /// <summary>The learner of the learned signal (null when none ran).</summary>
    public string? Learner { get; init; }
    /// <summary>Epochs the learner ran, chosen on validation.</summary>
    public int LearnedEpochs { get; init; }
    /// <summary>Validation Recall@k of the learned vectors alone.</summary>
    public double LearnedValidationRecall { get; init; }
    /// <summary>Validation NDCG@k of the learned vectors alone.</summary>
    public double LearnedValidationNdcg { get; init; }
    /// <summary>Seconds spent learning vectors (both runs).</summary>
    public double LearnedSeconds { get; init; }
    /// <summary>Seconds of the whole training.</summary>
    public required double Seconds { get; init; }
}
