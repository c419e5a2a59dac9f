using BundleForge.BundleRanking;
using BundleForge.Evaluation.Bundles;

namespace BundleForge.Evaluation;

/// <summary>Options of <see cref="BundleRankingTask"/>.</summary>
public sealed record BundleRankingTaskOptions : EvaluationOptions
{
    /// <summary>Main cut-off k of Recall@k and NDCG@k; the task also reports 2k (20 and 40 by default, as the papers).</summary>
    public int K { get; init; } = 20;

    /// <summary>The split judged; null takes test when the data has one, else tune.</summary>
    public BundleRankingSplit? Split { get; init; }

    /// <summary>Share of the judged bundles treated as new for the cold-bundle protocol
    /// (<see cref="ColdBundleEvaluation"/>); 0 skips it.</summary>
    public double ColdBundleShare { get; init; }

    /// <summary>Learns the vectors again for the cold-bundle protocol when the model has learned ones (CrossCBR, from
    /// the Neural project); without it the cold figure is the closed-form blend's alone.</summary>
    public IBundleVectorLearner? Learner { get; init; }

    /// <summary>Seed of the cold bundles' choice.</summary>
    public int ColdBundleSeed { get; init; } = 42;
}
