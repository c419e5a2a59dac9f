using System.Buffers;
using BundleForge.Embeddings;

namespace BundleForge.Recommendation;

/// <summary>How close an item's words (<see cref="ItemWords"/>) are to what one customer bought: the best IDF-weighted
/// Jaccard overlap with an item they bought (the closest one), and the IDF-weighted cosine with their word profile
/// (each bought item's words weighed by its decayed frequency). Built once per query; a customer whose items have no
/// words gives 0 everywhere.</summary>
public sealed class WordCloseness
{
    private readonly ItemWords _words;
    private readonly int[] _rowItems;
    private readonly float[] _weightOf;          // Σ idf of each bought item's words
    private readonly Dictionary<int, List<int>> _rowsOf = [];
    private readonly Dictionary<int, double> _profile = [];
    private readonly double _profileNorm;
    private readonly float[] _shared;
    private readonly List<int> _touched = [];

    /// <summary>The closeness to the items of <paramref name="profile"/>, each weighed by its decayed frequency.</summary>
    public WordCloseness(ItemWords words, RepeatProfile profile)
    {
        _words = words;
        var rows = new List<int>();
        var weight = new List<float>();
        for (int r = 0; r < profile.Items.Length; r++)
        {
            int item = profile.Items[r];
            var mine = words.Of(item);
            if (mine.IsEmpty)
                continue;
            int row = rows.Count;
            rows.Add(item);
            float own = 0;
            double w = profile.Decayed[r];
            foreach (var t in mine)
            {
                float idf = words.Idf[t];
                own += idf;
                if (!_rowsOf.TryGetValue(t, out var list))
                    _rowsOf[t] = list = [];
                list.Add(row);
                _profile[t] = _profile.GetValueOrDefault(t) + w * idf;
            }
            weight.Add(own);
        }
        _rowItems = [.. rows];
        _weightOf = [.. weight];
        _shared = new float[_rowItems.Length];
        double sq = 0;
        foreach (var v in _profile.Values)
            sq += v * v;
        _profileNorm = Math.Sqrt(sq);
    }

    /// <summary>True when no bought item has words: every closeness is then 0.</summary>
    public bool IsEmpty => _rowItems.Length == 0;

    /// <summary>Offers <paramref name="nearest"/> every item the customer never bought that shares a word with their
    /// word profile, scored by its profile cosine (the <c>Profile</c> of <see cref="Of"/>): the words' inverted index
    /// visits only the items holding a profile word, so a query costs the postings of its words, not the catalog.</summary>
    public void OfferNearest(TopKHeap nearest)
    {
        if (IsEmpty || !(_profileNorm > 0))
            return;
        int n = _words.ItemCount;
        var dot = ArrayPool<double>.Shared.Rent(n);
        var touched = ArrayPool<int>.Shared.Rent(n);
        try
        {
            dot.AsSpan(0, n).Clear();
            // Bought items are marked so the sums skip them: the source proposes items new to the customer.
            foreach (var item in _rowItems)
                dot[item] = double.NegativeInfinity;
            int count = 0;
            foreach (var (t, weight) in _profile)
            {
                double w = _words.Idf[t] * weight;
                if (!(w > 0))
                    continue;
                foreach (var i in _words.ItemsOf(t))
                {
                    if (dot[i] == 0)
                        touched[count++] = i;
                    dot[i] += w;
                }
            }
            for (int k = 0; k < count; k++)
            {
                int i = touched[k];
                float norm = _words.Norm[i];
                if (dot[i] > 0 && norm > 0)
                    nearest.Add(i, (float)(dot[i] / (norm * _profileNorm)));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(touched);
            ArrayPool<double>.Shared.Return(dot);
        }
    }

    /// <summary>The closeness of <paramref name="item"/>: the best Jaccard with a bought item (the item itself left
    /// out), and the cosine with the word profile.</summary>
    public (float Closest, float Profile) Of(int item)
    {
        var mine = _words.Of(item);
        if (mine.IsEmpty || IsEmpty)
            return (0, 0);
        float own = 0;
        double dot = 0, sq = 0;
        foreach (var t in mine)
        {
            float idf = _words.Idf[t];
            own += idf;
            sq += (double)idf * idf;
            if (!_rowsOf.TryGetValue(t, out var rows))
                continue;
            dot += idf * _profile[t];
            foreach (var r in rows)
            {
                if (_shared[r] == 0)
                    _touched.Add(r);
                _shared[r] += idf;
            }
        }
        float closest = 0;
        foreach (var r in _touched)
        {
            float both = _shared[r];
            _shared[r] = 0;
            if (_rowItems[r] == item)
                continue;
            float union = own + _weightOf[r] - both;
            if (union > 0)
                closest = MathF.Max(closest, both / union);
        }
        _touched.Clear();
        float cosine = sq > 0 && _profileNorm > 0 ? (float)(dot / (Math.Sqrt(sq) * _profileNorm)) : 0;
        return (closest, cosine);
    }
}
