using System.Text.Json;
using System.Text.Json.Nodes;
using BundleForge.Evaluation;
using BundleForge.Evaluation.BasketCompletion;
using BundleForge.Evaluation.Metrics;

namespace BundleForge.Cli.Evaluation;

/// <summary>The JSON object <c>evaluate --json</c> prints for a task's result: <c>{"task", "protocol", "metrics",
/// "baselines", ...}</c>, the shape the docs quote and the dashboard's evaluation page reads.</summary>
internal static class EvaluationJson
{
    public static JsonObject Of(EvaluationResult result) => result switch
    {
        BasketCompletionTaskResult r => BasketCompletion(r),
        NextItemTaskResult r => NextItem(r),
        BundleRankingTaskResult r => BundleRanking(r),
        _ => throw new ArgumentException($"No JSON form for {result.GetType().Name}.", nameof(result)),
    };

    /// <summary>Next-item ranking metrics as <c>train</c> and <c>evaluate</c> print them: six decimals, the user count
    /// as an integer.</summary>
    public static JsonObject Ranking(RankingMetrics m) => RankingMetricsJson.Of(m);

    private static JsonObject BasketCompletion(BasketCompletionTaskResult r)
    {
        var protocol = JsonSerializer.SerializeToNode(r.Report.Protocol)!.AsObject();
        protocol["model_trained_on_same_data"] = r.ModelTrainedOnSameData;
        var baselines = new JsonObject();
        foreach (var b in r.Report.Baselines)
            baselines[b.Scorer] = Metrics(b);
        return new JsonObject
        {
            ["task"] = r.Task,
            ["protocol"] = protocol,
            ["metrics"] = Metrics(r.Report.Blend),
            ["baselines"] = baselines,
        };
    }

    private static JsonObject Metrics(BasketCompletionResult r)
    {
        var o = new JsonObject();
        foreach (var (k, v) in r.All)
            o[k] = v;
        o["head"] = JsonSerializer.SerializeToNode(r.Head);
        o["tail"] = JsonSerializer.SerializeToNode(r.Tail);
        return o;
    }

    private static JsonObject NextItem(NextItemTaskResult r) => new()
    {
        ["task"] = r.Task,
        ["protocol"] = r.Protocol,
        ["component"] = r.Component,
        ["metrics"] = Ranking(r.Model),
        ["baselines"] = new JsonObject { ["popularity"] = Ranking(r.Popularity) },
        ["unknown_items_dropped"] = r.UnknownItemsDropped,
    };

    private static JsonObject BundleRanking(BundleRankingTaskResult r) => new()
    {
        ["task"] = r.Task,
        ["protocol"] = r.Protocol,
        ["metrics"] = new JsonObject { [$"recall@{r.K}"] = Math.Round(r.Recall, 4), [$"ndcg@{r.K}"] = Math.Round(r.Ndcg, 4) },
        ["baselines"] = new JsonObject { ["popularity"] = new JsonObject { [$"recall@{r.K}"] = Math.Round(r.PopularityRecall, 4), [$"ndcg@{r.K}"] = Math.Round(r.PopularityNdcg, 4) } },
        ["users"] = r.Users,
        ["bundles"] = r.Bundles,
    };
}
