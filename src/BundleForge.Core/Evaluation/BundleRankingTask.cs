using BundleForge.Bundles.Engine;

namespace BundleForge.Evaluation;

/// <summary><c>evaluate --task bundle-ranking</c>: ranks a dataset's predefined bundles (crosscbr) for each test user
/// and reports Recall@k and NDCG@k beside a popularity baseline.</summary>
public sealed class BundleRankingTask : EvaluationTask<BundleRankingTaskOptions, BundleRankingTaskResult>
{
    public override string Name => "bundle-ranking";

    public override BundleRankingTaskResult Evaluate(EvaluationContext context, BundleRankingTaskOptions options)
    {
        int k = options.K;
        if (k < 1)
            throw new DataException("--bundle-k must be at least 1.", field: "--bundle-k");
        var ranker = new PredefinedBundleRanker(context.Data);
        context.Progress?.Report(new ProgressUpdate("bundle-ranking", double.NaN, "ranking bundles"));
        var model = ranker.Evaluate(k);
        var popular = ranker.Evaluate(k, popularityOnly: true);
        return new BundleRankingTaskResult
        {
            Task = Name,
            Protocol = $"each test user's bundles ranked among all predefined bundles minus their train/tune bundles; {model.Users} users; k = {k}",
            K = k,
            Recall = model.Recall,
            Ndcg = model.Ndcg,
            PopularityRecall = popular.Recall,
            PopularityNdcg = popular.Ndcg,
            Users = model.Users,
            Bundles = context.Data.Bundles!.Count,
        };
    }
}
