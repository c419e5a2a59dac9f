using BundleForge.Data;

namespace BundleForge.Baseline;

/// <summary>Per-thread dense counters for one item's co-purchase counts, reused across items.</summary>
internal sealed class NeighbourScratch(int itemCount)
{
    private readonly int[] _counts = new int[itemCount];
    private readonly List<int> _touched = new();

    /// <summary>The top <paramref name="m"/> co-purchased items of <paramref name="item"/>, strongest first
    /// (ties: more co-purchases, then lower id, so training is deterministic).</summary>
    public (int[] Items, int[] Counts, float[] Scores) TopNeighbours(int item, BasketSet baskets, ReadOnlySpan<int> itemBaskets, int[] basis, int m)
    {
        foreach (var b in itemBaskets)
            foreach (var j in baskets[b])
            {
                if (j == item) continue;
                if (_counts[j]++ == 0) _touched.Add(j);
            }
        int t = _touched.Count;
        var cand = new int[t];
        var keys = new float[t];
        double bi = basis[item];
        for (int x = 0; x < t; x++)
        {
            int j = _touched[x];
            cand[x] = j;
            keys[x] = (float)(_counts[j] / Math.Sqrt(bi * basis[j]));
        }
        var order = new int[t];
        for (int x = 0; x < t; x++) order[x] = x;
        Array.Sort(order, (a, b) =>
        {
            int c = keys[b].CompareTo(keys[a]);
            if (c != 0) return c;
            c = _counts[cand[b]].CompareTo(_counts[cand[a]]);
            return c != 0 ? c : cand[a].CompareTo(cand[b]);
        });
        int k = Math.Min(m, t);
        var items = new int[k];
        var counts = new int[k];
        var scores = new float[k];
        for (int x = 0; x < k; x++)
        {
            int j = cand[order[x]];
            items[x] = j;
            counts[x] = _counts[j];
            scores[x] = keys[order[x]];
        }
        foreach (var j in _touched) _counts[j] = 0;
        _touched.Clear();
        return (items, counts, scores);
    }
}
