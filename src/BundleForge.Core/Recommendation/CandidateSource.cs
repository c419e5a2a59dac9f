namespace BundleForge.Recommendation;

/// <summary>Where a next-basket candidate came from (several sources may propose one item; the first that applies in
/// order names it: repeat, co-purchase, neighbour, item2vec, popular): the user's own past orders, co-purchases with
/// their recent orders, what their nearest customers buy, item2vec neighbours of their profile, or popularity.</summary>
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
}

/// <summary>The names the API and the JSON give each <see cref="CandidateSource"/>.</summary>
public static class CandidateSourceNames
{
    /// <summary>The wire name of <paramref name="source"/>: <c>repeat</c>, <c>co-purchase</c>, <c>neighbours</c>,
    /// <c>item2vec</c>, <c>popular</c>.</summary>
    public static string Of(CandidateSource source) => source switch
    {
        CandidateSource.Repeat => "repeat",
        CandidateSource.CoPurchase => "co-purchase",
        CandidateSource.Item2Vec => "item2vec",
        CandidateSource.Neighbour => "neighbours",
        _ => "popular",
    };
}
