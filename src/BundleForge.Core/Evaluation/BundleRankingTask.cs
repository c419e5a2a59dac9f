using System.CommandLine;
using System.Text.Json.Nodes;
using BundleForge.Bundles.Engine;

namespace BundleForge.Cli.Evaluation;

/// <summary><c>evaluate --task bundle-ranking</c>: ranks a dataset's predefined bundles (crosscbr) for each test user
/// and reports Recall@k and NDCG@k beside a popularity baseline.</summary>
internal sealed class BundleRankingTask : IEvaluationTask
{
    private readonly Option<int> _k = new("--bundle-k") { Description = "bundle-ranking: cut-off k of Recall@k and NDCG@k.", DefaultValueFactory = _ => 20 };

    public string Name => "bundle-ranking";

    public void AddOptions(Command evaluate) => evaluate.Options.Add(_k);

    public JsonObject Evaluate(EvaluationContext context)
    {
        int k = context.Parse.GetValue(_k);
        if (k < 1) throw new DataException("--bundle-k must be at least 1.", field: "--bundle-k");
        var ranker = new PredefinedBundleRanker(context.Data);
        context.Progress.Report(new ProgressUpdate("bundle-ranking", double.NaN, "ranking bundles"));
        var model = ranker.Evaluate(k);
        var popular = ranker.Evaluate(k, popularityOnly: true);
        return new JsonObject
        {
            ["task"] = Name,
            ["protocol"] = $"each test user's bundles ranked among all predefined bundles minus their train/tune bundles; {model.Users} users; k = {k}",
            ["metrics"] = new JsonObject { [$"recall@{k}"] = Math.Round(model.Recall, 4), [$"ndcg@{k}"] = Math.Round(model.Ndcg, 4) },
            ["baselines"] = new JsonObject { ["popularity"] = new JsonObject { [$"recall@{k}"] = Math.Round(popular.Recall, 4), [$"ndcg@{k}"] = Math.Round(popular.Ndcg, 4) } },
            ["users"] = model.Users,
            ["bundles"] = context.Data.Bundles!.Count,
        };
    }
}
