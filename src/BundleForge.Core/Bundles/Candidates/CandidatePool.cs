namespace BundleForge.Bundles.Candidates;

/// <summary>Candidates from every signal merged per item: relevance is the weighted mean of each source's scores
/// normalised to [0, 1]; the strongest source's evidence is kept for the explanation.</summary>
public sealed class CandidatePool
{
    private CandidatePool(int[] items, float[] relevance, string[] source, SignalEvidence[] evidence, bool[] personal)
    {
        Items = items;
        Relevance = relevance;
        Source = source;
        Evidence = evidence;
        Personal = personal;
    }

    public int Count => Items.Length;
    public int[] Items { get; }
    /// <summary>Relevance to the user in [0, 1].</summary>
    public float[] Relevance { get; }
    /// <summary>The source that contributed most to each item (of those that gave evidence, when any did; a new
    /// product's source whenever one proposed it as new, <see cref="EvidenceKind.NewProduct"/>).</summary>
    public string[] Source { get; }
    /// <summary>The evidence of the source in <see cref="Source"/> (of the strongest source that gave any).</summary>
    public SignalEvidence[] Evidence { get; }
    /// <summary>True when a personal signal (not only best sellers) proposed the item.</summary>
    public bool[] Personal { get; }

    /// <summary>Asks every source for up to <paramref name="maxPerSource"/> candidates and merges them.</summary>
    public static CandidatePool Collect(IReadOnlyList<ICandidateSource> sources, UserContext user, int maxPerSource)
    {
        var index = new Dictionary<int, int>();
        var items = new List<int>();
        var score = new List<float>();
        var best = new List<float>();
        var source = new List<string>();
        var evidence = new List<SignalEvidence>();
        var personal = new List<bool>();
        var scratch = new List<Candidate>();
        float totalWeight = 0;
        foreach (var s in sources)
        {
            scratch.Clear();
            s.Collect(user, maxPerSource, scratch);
            if (scratch.Count == 0)
                continue;
            float w = s.Weight;
            totalWeight += w;
            float max = 0;
            foreach (var c in scratch)
                max = Math.Max(max, c.Score);
            if (!(max > 0))
                continue;
            foreach (var c in scratch)
            {
                if (!(c.Score > 0))
                    continue;
                float contribution = w * c.Score / max;
                if (!index.TryGetValue(c.Item, out int k))
                {
                    index[c.Item] = k = items.Count;
                    items.Add(c.Item);
                    score.Add(0);
                    best.Add(-1);
                    source.Add(s.Name);
                    evidence.Add(c.Evidence);
                    personal.Add(false);
                }
                score[k] += contribution;
                personal[k] |= s.IsPersonal;
                // A new product stays marked new whatever else proposed it: the mark tells the composer to hold at
                // most one per bundle and the customer that it is untested.
                if (c.Evidence.Kind == EvidenceKind.NewProduct && evidence[k].Kind != EvidenceKind.NewProduct)
                {
                    best[k] = contribution;
                    source[k] = s.Name;
                    evidence[k] = c.Evidence;
                }
                else if (contribution > best[k] && evidence[k].Kind != EvidenceKind.NewProduct)
                {
                    best[k] = contribution;
                    // The source and its evidence go together: a source without evidence keeps the earlier pair.
                    if (c.Evidence.HasEvidence || !evidence[k].HasEvidence)
                    { source[k] = s.Name; evidence[k] = c.Evidence; }
                }
            }
        }
        var rel = score.ToArray();
        if (totalWeight > 0)
            for (int k = 0; k < rel.Length; k++)
                rel[k] = Math.Min(1f, rel[k] / totalWeight);
        return new CandidatePool(items.ToArray(), rel, source.ToArray(), evidence.ToArray(), personal.ToArray());
    }

    /// <summary>The <paramref name="count"/> most relevant candidates (ties keep the pool's order), or this pool when it
    /// is not larger.</summary>
    public CandidatePool Top(int count)
    {
        if (count >= Count)
            return this;
        var order = new int[Count];
        for (int k = 0; k < order.Length; k++)
            order[k] = k;
        Array.Sort(order, (a, b) =>
        {
            int c = Relevance[b].CompareTo(Relevance[a]);
            return c != 0 ? c : a.CompareTo(b);
        });
        var keep = order.AsSpan(0, Math.Max(0, count));
        var items = new int[keep.Length];
        var rel = new float[keep.Length];
        var source = new string[keep.Length];
        var evidence = new SignalEvidence[keep.Length];
        var personal = new bool[keep.Length];
        for (int k = 0; k < keep.Length; k++)
        {
            items[k] = Items[keep[k]];
            rel[k] = Relevance[keep[k]];
            source[k] = Source[keep[k]];
            evidence[k] = Evidence[keep[k]];
            personal[k] = Personal[keep[k]];
        }
        return new CandidatePool(items, rel, source, evidence, personal);
    }

    /// <summary>A pool from explicit scores (one source).</summary>
    public static CandidatePool FromScores(int[] items, float[] scores, string source)
    {
        float max = 0;
        foreach (float s in scores)
            max = Math.Max(max, s);
        var rel = new float[scores.Length];
        for (int k = 0; k < rel.Length; k++)
            rel[k] = max > 0 ? Math.Max(0, scores[k] / max) : 0;
        var names = new string[items.Length];
        Array.Fill(names, source);
        var personal = new bool[items.Length];
        Array.Fill(personal, true);
        return new CandidatePool(items.ToArray(), rel, names, new SignalEvidence[items.Length], personal);
    }
}
