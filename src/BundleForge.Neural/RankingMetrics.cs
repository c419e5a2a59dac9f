namespace BundleForge.Neural;

/// <summary>Full-ranking next-item metrics over a set of users: hit rate and NDCG at 5/10/20, mean reciprocal rank
/// and catalog coverage of the top-10 lists.</summary>
public sealed record RankingMetrics(int Users, double Hr5, double Hr10, double Hr20, double Ndcg5, double Ndcg10, double Ndcg20, double Mrr, double Coverage10)
{
    /// <summary>The metrics under the names the CLI's JSON uses (<c>hr@10</c>, <c>ndcg@10</c>, ...).</summary>
    public Dictionary<string, double> ToDictionary() => new()
    {
        ["hr@5"] = Hr5, ["hr@10"] = Hr10, ["hr@20"] = Hr20,
        ["ndcg@5"] = Ndcg5, ["ndcg@10"] = Ndcg10, ["ndcg@20"] = Ndcg20,
        ["mrr"] = Mrr, ["coverage@10"] = Coverage10, ["users"] = Users,
    };
}
