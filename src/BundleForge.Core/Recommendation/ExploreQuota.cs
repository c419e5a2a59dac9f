namespace BundleForge.Recommendation;

/// <summary>Orders a query's candidates into the list shown: items the customer bought before by the ranker's
/// log-odds, items new to them by the explore ranker's (fitted on new items only, so better calibrated for them) plus
/// an explore boost; and by each list position p (1-based) at least ⌊p × share⌋ of the items are new to the
/// customer. On repeat-heavy shops the plain chances fill the list with what the customer already buys; the boost and
/// the quota keep room for discovery, both chosen on the validation period.</summary>
public static class ExploreQuota
{
    /// <summary>Writes up to <c>top.Length</c> items (and their sources and main scores when those spans are long
    /// enough), skipping items <paramref name="exclude"/> rejects; ties go to the smaller item id. Returns how many.</summary>
    public static int Select(CandidateSet set, LinearRanker ranker, LinearRanker explore, ExplorePolicy policy, Func<int, bool>? exclude,
        Span<int> top, Span<CandidateSource> sources = default, Span<float> scores = default)
    {
        var main = new List<int>(set.Count);
        var fresh = new List<int>();
        var score = new float[set.Count];
        var exploreScore = new float[set.Count];
        for (int c = 0; c < set.Count; c++)
        {
            if (exclude is not null && exclude(set.Items[c]))
                continue;
            main.Add(c);
            if (set.Sources[c] != CandidateSource.Repeat)
            {
                exploreScore[c] = explore.Score(set.RowOf(c));
                score[c] = exploreScore[c] + (float)policy.Boost;
                fresh.Add(c);
            }
            else
                score[c] = ranker.Score(set.RowOf(c));
        }
        main.Sort((a, b) => score[a] != score[b] ? score[b].CompareTo(score[a]) : set.Items[a].CompareTo(set.Items[b]));
        fresh.Sort((a, b) => exploreScore[a] != exploreScore[b] ? exploreScore[b].CompareTo(exploreScore[a]) : set.Items[a].CompareTo(set.Items[b]));
        var taken = new bool[set.Count];
        int n = 0, newCount = 0, m = 0, f = 0;
        while (n < top.Length)
        {
            int need = (int)Math.Floor((n + 1) * policy.Share + 1e-9);
            while (f < fresh.Count && taken[fresh[f]])
                f++;
            while (m < main.Count && taken[main[m]])
                m++;
            int pick;
            if (newCount < need && f < fresh.Count)
                pick = fresh[f];
            else if (m < main.Count)
                pick = main[m];
            else
                break;
            taken[pick] = true;
            if (set.Sources[pick] != CandidateSource.Repeat)
                newCount++;
            top[n] = set.Items[pick];
            if (n < sources.Length)
                sources[n] = set.Sources[pick];
            if (n < scores.Length)
                scores[n] = score[pick];
            n++;
        }
        return n;
    }
}

/// <summary>How much room a next-basket list makes for items new to the customer: <see cref="Boost"/> added to their
/// log-odds, and at least ⌊p × <see cref="Share"/>⌋ of them by list position p.</summary>
public readonly record struct ExplorePolicy(double Boost, double Share);
