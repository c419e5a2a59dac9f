namespace BundleForge.Recommendation;

/// <summary>Which list a stored next-basket model serves: its learned ranker, or the simple baseline that ranked the
/// fitting period better (<see cref="ServedPolicyRule"/>), so the engine never serves an answer worse than one a
/// shop could compute without it.</summary>
public enum ServedList
{
    /// <summary>The learned rankers with the explore policy.</summary>
    Ranker,
    /// <summary>TIFU-KNN with the parameters chosen on the fitting period (the model's neighbour settings).</summary>
    TifuKnn,
    /// <summary>The customer's own items by recency-decayed frequency, then popular ones.</summary>
    PersonalTop,
    /// <summary>The most popular items.</summary>
    Popularity,
}

/// <summary>The list a stored next-basket model serves, with the personal-top half-life when that list is served.</summary>
public readonly record struct ServedPolicy(ServedList List, double HalfLifeDays = 0)
{
    /// <summary>The name used in the manifest and in <c>evaluate</c>'s output.</summary>
    public string Name => NameOf(List);

    /// <summary>The manifest name of <paramref name="list"/> (the evaluation's baseline names).</summary>
    public static string NameOf(ServedList list) => list switch
    {
        ServedList.Ranker => "ranker",
        ServedList.TifuKnn => "tifu_knn",
        ServedList.PersonalTop => "personal_top",
        _ => "popularity",
    };
}
