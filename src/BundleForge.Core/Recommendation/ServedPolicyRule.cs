namespace BundleForge.Recommendation;

/// <summary>What a simple baseline scored on the fitting period (whole-basket NDCG@10 and Recall@20, cross-fitted
/// where it has parameters), with the personal-top half-life it was given.</summary>
public readonly record struct BaselineTrial(ServedList List, double Ndcg, double Recall, double HalfLifeDays = 0);

/// <summary>The rule that keeps the next-basket model from serving a loser, applied on the fitting period (never the
/// test period): the best baseline (by NDCG@10, ties by Recall@20) sets a bar; the explore policies of the learned
/// ranker that reach it on both whole-basket NDCG@10 and Recall@20 are the candidates, and
/// <see cref="ExplorePolicyRule"/> picks among them; when none reaches it, the model serves that baseline's list.</summary>
public static class ServedPolicyRule
{
    /// <summary>The list to serve and, for the ranker, its explore policy.</summary>
    public static (ServedPolicy Served, ExplorePolicy Explore) Pick(IReadOnlyList<PolicyTrial> trials, PolicyTrial popularity, IReadOnlyList<BaselineTrial> baselines, double margin)
    {
        if (baselines.Count == 0)
            return (new ServedPolicy(ServedList.Ranker), ExplorePolicyRule.Pick(trials, popularity, margin));
        var bar = baselines[0];
        foreach (var b in baselines)
            if (b.Ndcg > bar.Ndcg || (b.Ndcg == bar.Ndcg && b.Recall > bar.Recall))
                bar = b;
        var reaching = new List<PolicyTrial>();
        foreach (var t in trials)
            if (t.Ndcg >= bar.Ndcg && t.Recall >= bar.Recall)
                reaching.Add(t);
        return reaching.Count > 0
            ? (new ServedPolicy(ServedList.Ranker), ExplorePolicyRule.Pick(reaching, popularity, margin))
            : (new ServedPolicy(bar.List, bar.HalfLifeDays), default);
    }
}
