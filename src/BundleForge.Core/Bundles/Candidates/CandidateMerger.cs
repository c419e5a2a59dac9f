namespace BundleForge.Bundles.Candidates;

/// <summary>Merges the neighbor lists of several seeds into one candidate list: each item keeps its best score and the
/// seed that gave it; the result is ordered by score (then item id, so answers are reproducible).</summary>
public sealed class CandidateMerger(int capacity)
{
    private readonly Dictionary<int, int> _index = new(capacity);
    private readonly List<(int Item, float Score, int Seed)> _entries = new(capacity);

    /// <summary>The candidates of a neighbor-based source: each seed's best neighbors (an equal share of
    /// <paramref name="max"/>, at least 8), scored neighbor score × seed weight, merged and added to
    /// <paramref name="into"/>, each with the evidence of its seed item (<paramref name="kind"/> of the seed).</summary>
    public static void FromSeeds(List<(int Item, float Weight)> seeds, NeighborRowCache rows, int max, List<Candidate> into, string source,
        EvidenceKind kind)
    {
        if (seeds.Count == 0)
            return;
        int perSeed = Math.Max(8, max / seeds.Count);
        var merged = new CandidateMerger(seeds.Count * Math.Min(perSeed, 64));
        for (int s = 0; s < seeds.Count; s++)
            foreach (var nb in rows.Get(seeds[s].Item, perSeed))
                merged.Offer(nb.Id, nb.Score * seeds[s].Weight, s);
        merged.Emit(max, into, source, s => new SignalEvidence(kind, seeds[s].Item));
    }

    /// <summary>Offers <paramref name="item"/> with <paramref name="score"/> from seed number <paramref name="seed"/>.</summary>
    public void Offer(int item, float score, int seed)
    {
        if (!(score > 0))
            return;
        if (_index.TryGetValue(item, out int k))
        {
            if (_entries[k].Score < score)
                _entries[k] = (item, score, seed);
            return;
        }
        _index[item] = _entries.Count;
        _entries.Add((item, score, seed));
    }

    /// <summary>Adds the best <paramref name="max"/> items to <paramref name="into"/> as candidates of
    /// <paramref name="source"/>; <paramref name="evidenceOf"/> gives a seed's evidence.</summary>
    public void Emit(int max, List<Candidate> into, string source, Func<int, SignalEvidence> evidenceOf)
    {
        var entries = _entries.ToArray();
        Array.Sort(entries, static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Item.CompareTo(b.Item));
        for (int k = 0; k < Math.Min(max, entries.Length); k++)
        {
            var (item, score, seed) = entries[k];
            into.Add(new Candidate(item, score, source, evidenceOf(seed)));
        }
    }
}
