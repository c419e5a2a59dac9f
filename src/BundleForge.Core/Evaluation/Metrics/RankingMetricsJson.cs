using System.Text.Json.Nodes;

namespace BundleForge.Evaluation.Metrics;

/// <summary>Ranking metrics as the JSON the model manifest and the CLI show: <c>hr@10</c>, <c>ndcg@10</c>, ... rounded
/// to six decimals, <c>users</c> a whole number.</summary>
public static class RankingMetricsJson
{
    /// <summary>The metrics of <paramref name="metrics"/> as one JSON object.</summary>
    public static JsonObject Of(RankingMetrics metrics)
    {
        var o = new JsonObject();
        foreach (var (k, v) in metrics.ToDictionary("users"))
            o[k] = k == "users" ? (int)v : Math.Round(v, 6);
        return o;
    }
}
