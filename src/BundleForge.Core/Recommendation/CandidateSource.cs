namespace BundleForge.Recommendation;

/// <summary>Where a next-basket candidate came from (several sources may propose one item; the first that applies in
/// order names it: repeat, co-purchase, neighbour, item2vec, title, popular): the user's own past orders, co-purchases
/// with their recent orders, what their nearest customers buy, item2vec neighbours of their profile, the items whose
/// title words are closest to theirs, or popularity.</summary>
public enum CandidateSource : byte
{
    /// <summary>Bought before: a repeat purchase.</summary>
    Repeat,
    /// <summary>Often bought together with items of the user's recent orders.</summary>
    CoPurchase,
    /// <summary>Close in item2vec space to what the user buys.</summary>
    Item2Vec,
    /// <summary>Popular overall or lately.</summary>
    Popular,
    /// <summary>Bought by the customers whose purchases are most like the user's (TIFU-KNN's neighbourhood).</summary>
    Neighbour,
    /// <summary>Never bought, with title words (leaf category, brand) closest to the user's word profile.</summary>
    Title,
}

/// <summary>The names the API and the JSON give each <see cref="CandidateSource"/>.</summary>
public static class CandidateSourceNames
{
    /// <summary>The wire name of <paramref name="source"/>: <c>repeat</c>, <c>co-purchase</c>, <c>neighbours</c>,
    /// <c>item2vec</c>, <c>title</c>, <c>popular</c>.</summary>
    public static string Of(CandidateSource source) => source switch
    {
        CandidateSource.Repeat => "repeat",
        CandidateSource.CoPurchase => "co-purchase",
        CandidateSource.Item2Vec => "item2vec",
        CandidateSource.Neighbour => "neighbours",
        CandidateSource.Title => "title",
        _ => "popular",
    };
}
