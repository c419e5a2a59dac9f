namespace BundleForge.Recommendation;

/// <summary>What one list policy scored on the fitting period: NDCG@10 and Recall@20 over whole orders, and HR@10,
/// NDCG@10 and Recall@20 over the items new to each customer.</summary>
public readonly record struct PolicyTrial(ExplorePolicy Policy, double Ndcg, double Recall, double ExploreHitRate, double ExploreNdcg, double ExploreRecall)
{
    /// <summary>True when each of this list's three explore figures is at least <paramref name="margin"/> × that of
    /// <paramref name="reference"/>.</summary>
    public bool FindsAsWellAs(PolicyTrial reference, double margin = 1) =>
        ExploreHitRate >= margin * reference.ExploreHitRate && ExploreNdcg >= margin * reference.ExploreNdcg && ExploreRecall >= margin * reference.ExploreRecall;
}

/// <summary>How the next-basket ranker's explore policy is chosen on the fitting period, by a rule rather than by
/// hand so the same command serves shops we have never seen: among the policies whose lists find new items at least
/// as well as the popularity list does, with a margin (<see cref="PolicyTrial.FindsAsWellAs"/>), the one with the best whole-order
/// NDCG@10 (ties: the better whole-order Recall@20, then the earlier trial); when none does, the one with the best
/// explore NDCG@10.</summary>
public static class ExplorePolicyRule
{
    /// <summary>The policy of <paramref name="trials"/> the rule picks against <paramref name="popularity"/>'s figures
    /// times <paramref name="margin"/>.</summary>
    public static ExplorePolicy Pick(IReadOnlyList<PolicyTrial> trials, PolicyTrial popularity, double margin = 1)
    {
        if (trials.Count == 0)
            throw new ArgumentException("At least one trial.", nameof(trials));
        int best = -1, fallback = 0;
        for (int t = 0; t < trials.Count; t++)
        {
            var x = trials[t];
            if (x.FindsAsWellAs(popularity, margin) && (best < 0 || x.Ndcg > trials[best].Ndcg || (x.Ndcg == trials[best].Ndcg && x.Recall > trials[best].Recall)))
                best = t;
            if (x.ExploreNdcg > trials[fallback].ExploreNdcg)
                fallback = t;
        }
        return trials[best >= 0 ? best : fallback].Policy;
    }
}
