namespace BundleForge.Recommendation;

/// <summary>A simple baseline's list over a query's candidates, for when the model serves it instead of its ranker
/// (<see cref="ServedPolicyRule"/>): TIFU-KNN's score (the <c>tifu_knn</c> feature, a monotone function of it) or the
/// personal-top decayed frequency, items scoring above zero first, then the rest by popularity, as the baselines fill
/// their lists. The candidates hold every item the customer bought, their neighbours' strongest items and the most
/// popular ones, so the first places are the baseline's own.</summary>
public static class BaselineList
{
    /// <summary>The candidates of <paramref name="set"/> ordered by <paramref name="list"/>; <paramref name="profile"/>
    /// is the customer's repeat profile at the personal-top half-life (read only for that list).</summary>
    public static RankedCandidates Rank(CandidateSet set, ServedList list, RepeatProfile? profile, ItemSignals signals)
    {
        if (list == ServedList.Ranker)
            throw new ArgumentException("The ranker's list is ExploreQuota's.", nameof(list));
        int count = set.Count;
        var score = new float[count];
        var items = new int[count];
        var sources = new CandidateSource[count];
        var order = new int[count];
        for (int c = 0; c < count; c++)
        {
            items[c] = set.Items[c];
            sources[c] = set.Sources[c];
            order[c] = c;
            score[c] = list switch
            {
                ServedList.TifuKnn => set.RowOf(c)[NextBasketFeatures.TifuKnnFeature],
                ServedList.PersonalTop when profile is not null && profile.IndexOf(items[c]) is int r and >= 0 => (float)profile.Decayed[r],
                _ => 0,
            };
        }
        var popularity = signals.Popularity;
        Array.Sort(order, (a, b) =>
        {
            bool sa = score[a] > 0, sb = score[b] > 0;
            if (sa != sb)
                return sa ? -1 : 1;
            if (sa && score[a] != score[b])
                return score[b].CompareTo(score[a]);
            if (!sa && popularity[items[a]] != popularity[items[b]])
                return popularity[items[b]].CompareTo(popularity[items[a]]);
            return items[a].CompareTo(items[b]);
        });
        return new RankedCandidates(items, sources, score, order, [], null);
    }
}
