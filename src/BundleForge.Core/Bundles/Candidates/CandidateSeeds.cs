namespace BundleForge.Bundles.Candidates;

/// <summary>The items a neighbor-based candidate source starts from, with their weights: the item being looked at and
/// the cart (1 each), then the user's most recent distinct purchases (0.8 · 0.85^k for the k-th most recent).</summary>
public static class CandidateSeeds
{
    /// <summary>The seeds of <paramref name="user"/>, at most <paramref name="recentItems"/> of them from the history;
    /// items failing <paramref name="usable"/> are skipped.</summary>
    public static List<(int Item, float Weight)> Of(UserContext user, int recentItems, Func<int, bool> usable)
    {
        var seeds = new List<(int Item, float Weight)>(recentItems + user.Cart.Length + 1);
        bool Add(int item, float weight)
        {
            if (!usable(item))
                return false;
            foreach (var s in seeds)
                if (s.Item == item)
                    return false;
            seeds.Add((item, weight));
            return true;
        }
        if (user.Anchor >= 0)
            Add(user.Anchor, 1f);
        foreach (int c in user.Cart)
            Add(c, 1f);
        float w = 0.8f;
        int recent = 0;
        for (int k = user.History.Length - 1; k >= 0 && recent < recentItems; k--)
            if (Add(user.History[k], w))
            { recent++; w *= 0.85f; }
        return seeds;
    }
}
