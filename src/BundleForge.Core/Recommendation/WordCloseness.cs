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
