using BundleForge.Data;
using BundleForge.Embeddings;

namespace BundleForge.Bundles;

/// <summary>Candidates from item2vec complements (<see cref="Item2VecModel.Complements"/>: co-purchased items and the
/// best cross-context neighbours, ranked by the complement measure) of the item being looked at, the cart and the
/// user's recent distinct purchases, weighted like the co-purchase source (1 for anchor and cart, 0.8 · 0.85^k for
/// the k-th most recent purchase).</summary>
public sealed class EmbeddingComplementSource(Item2VecModel model, ItemCatalog catalog) : ICandidateSource
{
    public string Name => "item2vec";

    public float Weight { get; init; } = 1f;

    /// <summary>How many recent distinct purchases seed the search.</summary>
    public int RecentItems { get; init; } = 10;

    public void Collect(UserContext user, int max, List<Candidate> into)
    {
        var seeds = new List<(int Item, float Weight)>();
        void AddSeed(int i, float w)
        {
            if (!model.Embeddings.HasVector(i)) return;
            foreach (var s in seeds) if (s.Item == i) return;
            seeds.Add((i, w));
        }
        if (user.Anchor >= 0) AddSeed(user.Anchor, 1f);
        foreach (int c in user.Cart) AddSeed(c, 1f);
        float w = 0.8f;
        int recent = 0;
        for (int k = user.History.Length - 1; k >= 0 && recent < RecentItems; k--)
        {
            int before = seeds.Count;
            AddSeed(user.History[k], w);
            if (seeds.Count > before) { recent++; w *= 0.85f; }
        }
        if (seeds.Count == 0) return;
        int perSeed = Math.Max(8, max / seeds.Count);
        var best = new Dictionary<int, (float Score, int Seed)>();
        foreach (var (seed, weight) in seeds)
            foreach (var nb in model.Complements(seed, perSeed))
            {
                if (!(nb.Score > 0)) continue;
                float score = nb.Score * weight;
                if (!best.TryGetValue(nb.Id, out var old) || old.Score < score) best[nb.Id] = (score, seed);
            }
        foreach (var (item, (score, seed)) in best.OrderByDescending(kv => kv.Value.Score).ThenBy(kv => kv.Key).Take(max))
            into.Add(new Candidate(item, score, Name, $"complements {catalog.NameOf(seed)} (item2vec)"));
    }
}
