namespace BundleForge.Bundles;

/// <summary>Candidates that complement what the user is looking at, has in the cart or bought recently, from
/// co-purchase statistics.</summary>
public sealed class ComplementCandidateSource(CooccurrencePairScorer pairs, Data.ItemCatalog catalog) : ICandidateSource
{
    public string Name => "co-purchase";

    /// <summary>How many recent distinct purchases seed the search.</summary>
    public int RecentItems { get; init; } = 10;

    public void Collect(UserContext user, int max, List<Candidate> into)
    {
        var seeds = new List<(int Item, float Weight)>();
        if (user.Anchor >= 0) seeds.Add((user.Anchor, 1f));
        foreach (int c in user.Cart) seeds.Add((c, 1f));
        float w = 0.8f;
        for (int k = user.History.Length - 1; k >= 0 && seeds.Count < RecentItems + user.Cart.Length + 1; k--)
        {
            int i = user.History[k];
            bool seen = false;
            foreach (var s in seeds) if (s.Item == i) { seen = true; break; }
            if (seen) continue;
            seeds.Add((i, w));
            w *= 0.85f;
        }
        var best = new Dictionary<int, (float Score, int Seed)>();
        var scratch = new List<(int Item, float Complementarity)>();
        int perSeed = Math.Max(8, max / Math.Max(1, seeds.Count));
        foreach (var (seed, weight) in seeds)
        {
            scratch.Clear();
            pairs.TopComplements(seed, perSeed, scratch);
            foreach (var (item, comp) in scratch)
            {
                float score = comp * weight;
                if (!best.TryGetValue(item, out var old) || old.Score < score) best[item] = (score, seed);
            }
        }
        foreach (var (item, (score, seed)) in best.OrderByDescending(kv => kv.Value.Score).Take(max))
            into.Add(new Candidate(item, score, Name, $"often bought with {catalog.NameOf(seed)}"));
    }
}
