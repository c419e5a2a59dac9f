namespace BundleForge.Recommendation;

/// <summary>Orders a query's candidates into the list shown: items the customer bought before by the ranker's
/// log-odds, items new to them by the explore ranker's (fitted on new items only, so better calibrated for them) plus
/// an explore boost; and by each list position p (1-based) at least ⌊(p − start) × share⌋ of the items are new to
/// the customer, so the first <c>start</c> places go to the likeliest items whatever they are (where a new item would
/// cost the whole basket most) and the quota fills later places. Boost and quota act on the first <c>depth</c> places
/// only (0: the whole list); later places follow the main ranker alone, so the repeats a new item displaced from the
/// first page come back right after it instead of leaving the list. On repeat-heavy shops the plain chances fill the
/// list with what the customer already buys; the boost and the quota keep room for discovery, both chosen on the
/// validation period.</summary>
public static class ExploreQuota
{
    /// <summary>Writes up to <c>top.Length</c> items (and their sources and main scores when those spans are long
    /// enough), skipping items <paramref name="exclude"/> rejects; ties go to the smaller item id. Returns how many.</summary>
    public static int Select(CandidateSet set, LinearRanker ranker, LinearRanker explore, ExplorePolicy policy, Func<int, bool>? exclude,
        Span<int> top, Span<CandidateSource> sources = default, Span<float> scores = default) =>
        Take(Rank(set, ranker, explore, policy), policy, exclude, top, sources, scores);

    /// <summary>Scores and sorts every candidate once (the part of <see cref="Select"/> that does not depend on what is
    /// excluded), so a customer's ranking can be kept and <see cref="Take"/> run per request.</summary>
    public static RankedCandidates Rank(CandidateSet set, LinearRanker ranker, LinearRanker explore, ExplorePolicy policy)
    {
        var main = new int[set.Count];
        var fresh = new List<int>();
        var score = new float[set.Count];
        var exploreScore = new float[set.Count];
        var plain = new float[set.Count];
        for (int c = 0; c < set.Count; c++)
        {
            main[c] = c;
            plain[c] = ranker.Score(set.RowOf(c));
            if (set.Sources[c] != CandidateSource.Repeat)
            {
                exploreScore[c] = explore.Score(set.RowOf(c));
                score[c] = exploreScore[c] + (float)policy.Boost;
                fresh.Add(c);
            }
            else
                score[c] = plain[c];
        }
        var rest = policy.Depth > 0 ? (int[])main.Clone() : null;
        Array.Sort(main, (a, b) => score[a] != score[b] ? score[b].CompareTo(score[a]) : set.Items[a].CompareTo(set.Items[b]));
        fresh.Sort((a, b) => exploreScore[a] != exploreScore[b] ? exploreScore[b].CompareTo(exploreScore[a]) : set.Items[a].CompareTo(set.Items[b]));
        if (rest is not null)
            Array.Sort(rest, (a, b) => plain[a] != plain[b] ? plain[b].CompareTo(plain[a]) : set.Items[a].CompareTo(set.Items[b]));
        var items = new int[set.Count];
        var sources = new CandidateSource[set.Count];
        for (int c = 0; c < set.Count; c++)
        {
            items[c] = set.Items[c];
            sources[c] = set.Sources[c];
        }
        return new RankedCandidates(items, sources, score, main, fresh.ToArray(), rest);
    }

    /// <summary>The list of <paramref name="ranked"/> under <paramref name="policy"/> (the one it was ranked with),
    /// skipping items <paramref name="exclude"/> rejects; see <see cref="Select"/>.</summary>
    public static int Take(RankedCandidates ranked, ExplorePolicy policy, Func<int, bool>? exclude,
        Span<int> top, Span<CandidateSource> sources = default, Span<float> scores = default)
    {
        int count = ranked.Items.Length;
        // Excluded candidates count as taken, so every order below skips them.
        var taken = new bool[count];
        if (exclude is not null)
            for (int c = 0; c < count; c++)
                taken[c] = exclude(ranked.Items[c]);
        int[] main = ranked.Main;
        int[]? rest = ranked.Rest;
        double share = policy.Share;
        int n = 0, newCount = 0, m = 0, f = 0;
        while (n < top.Length)
        {
            if (rest is not null && n >= policy.Depth)
            {
                // Past the depth: the main ranker's order of what is left.
                main = rest;
                rest = null;
                m = 0;
                share = 0;
            }
            int need = (int)Math.Floor(Math.Max(0, n + 1 - policy.Start) * share + 1e-9);
            while (f < ranked.Fresh.Length && taken[ranked.Fresh[f]])
                f++;
            while (m < main.Length && taken[main[m]])
                m++;
            int pick;
            if (newCount < need && f < ranked.Fresh.Length)
                pick = ranked.Fresh[f];
            else if (m < main.Length)
                pick = main[m];
            else
                break;
            taken[pick] = true;
            if (ranked.Sources[pick] != CandidateSource.Repeat)
                newCount++;
            top[n] = ranked.Items[pick];
            if (n < sources.Length)
                sources[n] = ranked.Sources[pick];
            if (n < scores.Length)
                scores[n] = ranked.Scores[pick];
            n++;
        }
        return n;
    }
}

/// <summary>A query's candidates scored and sorted by <see cref="ExploreQuota.Rank"/>: the item, source and shown score
/// of each, and the candidate indices in the main order (boosted), the explore order (new items only) and, when the
/// policy has a depth, the main ranker's plain order.</summary>
public sealed record RankedCandidates(int[] Items, CandidateSource[] Sources, float[] Scores, int[] Main, int[] Fresh, int[]? Rest);

/// <summary>How much room a next-basket list makes for items new to the customer: <see cref="Boost"/> added to their
/// log-odds, and at least ⌊(p − <see cref="Start"/>) × <see cref="Share"/>⌋ of them by list position p, both over the
/// first <see cref="Depth"/> places (0: the whole list).</summary>
public readonly record struct ExplorePolicy(double Boost, double Share, int Start = 0, int Depth = 0);
