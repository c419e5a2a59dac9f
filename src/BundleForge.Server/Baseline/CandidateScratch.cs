using BundleForge.Server.Serving;

namespace BundleForge.Server.Baseline;

/// <summary>Dense per-thread score accumulators for candidate items, with the anchor that contributed most to each
/// (for the explanation), reset after every request by touching only what was written.</summary>
internal sealed class CandidateScratch(int capacity)
{
    private readonly double[] _score = new double[capacity];
    private readonly double[] _best = new double[capacity];
    private readonly int[] _anchor = new int[capacity];
    private readonly int[] _count = new int[capacity];
    private readonly List<int> _touched = new();

    public int Capacity => capacity;

    public void Add(int item, double score, int anchor, int count)
    {
        if (_score[item] == 0 && _best[item] == 0)
            _touched.Add(item);
        _score[item] += score;
        if (score > _best[item])
        { _best[item] = score; _anchor[item] = anchor; _count[item] = count; }
    }

    /// <summary>The best <paramref name="k"/> allowed candidates by score (ties: more popular, then lower id), by
    /// insertion into a k-long ranking instead of sorting every candidate.</summary>
    public List<Suggestion> Top(int k, Func<int, bool> allowed, int[] popularity, string source, BaselineComponent owner)
    {
        var top = new int[Math.Min(k, _touched.Count)];
        if (top.Length == 0)
            return [];
        int size = 0;
        foreach (var i in _touched)
        {
            if (_score[i] <= 0)
                continue;
            if (size == top.Length && !Better(i, top[size - 1], popularity))
                continue;
            if (!allowed(i))
                continue;
            int at = size < top.Length ? size++ : size - 1;
            while (at > 0 && Better(i, top[at - 1], popularity))
            { top[at] = top[at - 1]; at--; }
            top[at] = i;
        }
        var result = new List<Suggestion>(size);
        for (int x = 0; x < size; x++)
        {
            int i = top[x];
            result.Add(owner.Evidence(i, Math.Round(_score[i], 6), source, _anchor[i], _count[i]));
        }
        return result;
    }

    private bool Better(int a, int b, int[] popularity)
    {
        int c = _score[a].CompareTo(_score[b]);
        if (c != 0)
            return c > 0;
        c = popularity[a].CompareTo(popularity[b]);
        return c != 0 ? c > 0 : a < b;
    }

    public void Reset()
    {
        foreach (var i in _touched)
        { _score[i] = 0; _best[i] = 0; _anchor[i] = 0; _count[i] = 0; }
        _touched.Clear();
    }
}
