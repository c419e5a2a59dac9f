using BundleForge.Embeddings;

namespace BundleForge.Bundles.Candidates;

/// <summary>New products (no or few sales, <see cref="NewProducts"/>) for a bundle, ranked by the same rule that places
/// them in recommendations: the stored <see cref="NewItemBlend"/> against the cart and the customer's latest purchases
/// (not the item being looked at: the bundle must complement it, and a product close to it in text is a substitute),
/// kept only when their text closeness to those items reaches <see cref="MinCloseness"/>. A
/// candidate's score is that closeness and its evidence the customer's item it is closest to
/// (<see cref="EvidenceKind.NewProduct"/>), so the composer holds at most one per bundle and the explanation says
/// why it is there.</summary>
public sealed class NewItemCandidateSource(NewProducts products) : ICandidateSource
{
    /// <summary>The source name a new product carries in a bundle.</summary>
    public const string SourceName = "new";

    /// <summary>Latest distinct history items the products are ranked against (as in recommendations).</summary>
    public const int MaxAnchors = 50;

    public string Name => SourceName;

    public float Weight { get; init; } = 1f;

    /// <summary>Least text closeness (mean cosine with the 3 closest of the customer's items).</summary>
    public float MinCloseness { get; init; } = NewProducts.DefaultMinCloseness;

    /// <summary>New products proposed per request at most: a bundle holds one at most, and an answer a few bundles.</summary>
    public int MaxCandidates { get; init; } = 10;

    public void Collect(UserContext user, int max, List<Candidate> into)
    {
        if (products.Items.Length == 0)
            return;
        var anchors = new List<(int, float)>();
        var seen = new HashSet<int>();
        // The item being looked at is what the bundle must complement (the composer checks that), not what a new
        // product should resemble: close to it in text is a substitute. So it is no anchor here, only never proposed.
        if (user.Anchor >= 0)
            seen.Add(user.Anchor);
        foreach (int c in user.Cart)
            if (seen.Add(c))
                anchors.Add((c, 1f));
        for (int h = user.History.Length - 1; h >= 0 && anchors.Count < MaxAnchors; h--)
            if (seen.Add(user.History[h]))
                anchors.Add((user.History[h], 1f));
        if (anchors.Count == 0)
            return;
        foreach (var f in products.Rank(anchors, Math.Min(max, MaxCandidates), MinCloseness, i => !seen.Contains(i)))
            if (f.Closest >= 0 && f.Closeness > 0)
                into.Add(new Candidate(f.Item, f.Closeness, Name, new SignalEvidence(EvidenceKind.NewProduct, f.Closest)));
    }
}
