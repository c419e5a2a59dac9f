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
        if (_score[item] == 0 && _best[item] == 0) _touched.Add(item);
        _score[item] += score;
        if (score > _best[item]) { _best[item] = score; _anchor[item] = anchor; _count[item] = count; }
    }

    /// <summary>The best <paramref name="k"/> allowed candidates by score (ties: more popular, then lower id).</summary>
    public List<Suggestion> Top(int k, Func<int, bool> allowed, int[] popularity, string source, BaselineComponent owner)
    {
        var cand = new List<int>(_touched.Count);
        foreach (var i in _touched) if (_score[i] > 0 && allowed(i)) cand.Add(i);
        cand.Sort((a, b) =>
        {
            int c = _score[b].CompareTo(_score[a]);
            if (c != 0) return c;
            c = popularity[b].CompareTo(popularity[a]);
            return c != 0 ? c : a.CompareTo(b);
        });
        var result = new List<Suggestion>(k);
        for (int x = 0; x < cand.Count && result.Count < k; x++)
        {
            int i = cand[x];
            result.Add(owner.Evidence(i, Math.Round(_score[i], 6), source, _anchor[i], _count[i]));
        }
        return result;
    }

    public void Reset()
    {
        foreach (var i in _touched) { _score[i] = 0; _best[i] = 0; _anchor[i] = 0; _count[i] = 0; }
        _touched.Clear();
    }
}
