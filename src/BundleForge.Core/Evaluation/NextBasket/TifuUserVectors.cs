using BundleForge.Embeddings;
using BundleForge.Splits;

namespace BundleForge.Evaluation.NextBasket;

/// <summary>TIFU-KNN's user vectors over the history of a split, sparse (compressed rows by user, and the same values
/// by item for the neighbour search), with each vector's squared norm. Users without a history have an empty row and
/// are nobody's neighbour.</summary>
internal sealed class TifuUserVectors
{
    private readonly int[] _offsets;
    private readonly int[] _items;
    private readonly float[] _values;
    private readonly float[] _squaredNorm;
    private readonly int[] _postOffsets;
    private readonly int[] _postUsers;
    private readonly float[] _postValues;
    private readonly int[] _withHistory;

    private TifuUserVectors(int[] offsets, int[] items, float[] values, int itemCount)
    {
        _offsets = offsets;
        _items = items;
        _values = values;
        int users = offsets.Length - 1;
        _squaredNorm = new float[users];
        var with = new List<int>();
        for (int u = 0; u < users; u++)
        {
            var row = values.AsSpan(offsets[u], offsets[u + 1] - offsets[u]);
            _squaredNorm[u] = System.Numerics.Tensors.TensorPrimitives.Dot(row, row);
            if (!row.IsEmpty)
                with.Add(u);
        }
        _withHistory = with.ToArray();
        _postOffsets = new int[itemCount + 1];
        foreach (var i in items)
            _postOffsets[i + 1]++;
        for (int i = 0; i < itemCount; i++)
            _postOffsets[i + 1] += _postOffsets[i];
        _postUsers = new int[items.Length];
        _postValues = new float[items.Length];
        var cursor = _postOffsets.AsSpan(0, itemCount).ToArray();
        for (int u = 0; u < users; u++)
            for (int k = offsets[u]; k < offsets[u + 1]; k++)
            {
                int at = cursor[items[k]]++;
                _postUsers[at] = u;
                _postValues[at] = values[k];
            }
    }

    public int UserCount => _offsets.Length - 1;

    /// <summary>The vectors of every user of <paramref name="split"/> from their orders before its cut.</summary>
    public static TifuUserVectors Build(NextBasketSplit split, int groupSize, double withinDecay, double groupDecay)
    {
        int users = split.UserCount;
        var offsets = new int[users + 1];
        var items = new List<int>();
        var values = new List<float>();
        var row = new Dictionary<int, double>();
        for (int u = 0; u < users; u++)
        {
            var orders = split.BasketsOf(u);
            int n = orders.Length;
            if (n > 0)
            {
                row.Clear();
                int groups = (n + groupSize - 1) / groupSize;
                for (int t = 0; t < n; t++)
                {
                    int back = n - 1 - t;
                    int group = back / groupSize;          // 0 = the most recent group
                    int position = back % groupSize;       // 0 = the most recent order of its group
                    int size = Math.Min(groupSize, n - group * groupSize);
                    double w = Math.Pow(withinDecay, position) / size * Math.Pow(groupDecay, group) / groups;
                    foreach (var i in split.Baskets[orders[t]])
                        row[i] = row.GetValueOrDefault(i) + w;
                }
                foreach (var (i, v) in row.OrderBy(kv => kv.Key))
                {
                    items.Add(i);
                    values.Add((float)v);
                }
            }
            offsets[u + 1] = items.Count;
        }
        return new TifuUserVectors(offsets, items.ToArray(), values.ToArray(), split.ItemCount);
    }

    /// <summary>Adds <paramref name="weight"/> × the vector of <paramref name="user"/> into <paramref name="dense"/>.</summary>
    public void AddTo(int user, float weight, Span<float> dense)
    {
        for (int k = _offsets[user]; k < _offsets[user + 1]; k++)
            dense[_items[k]] += weight * _values[k];
    }

    /// <summary>Writes the users nearest to <paramref name="user"/> by Euclidean distance (as the reference
    /// implementation), nearest first, ties to the smaller id, the user left out; returns how many were written.</summary>
    public int Nearest(int user, Span<int> into, float[] dot)
    {
        for (int k = _offsets[user]; k < _offsets[user + 1]; k++)
        {
            int i = _items[k];
            float v = _values[k];
            for (int p = _postOffsets[i]; p < _postOffsets[i + 1]; p++)
                dot[_postUsers[p]] += v * _postValues[p];
        }
        var heap = new TopKHeap(Math.Max(1, into.Length));
        float own = _squaredNorm[user];
        foreach (var v in _withHistory)
        {
            if (v == user)
                continue;
            heap.Add(v, -(own + _squaredNorm[v] - 2 * dot[v]));
        }
        for (int k = _offsets[user]; k < _offsets[user + 1]; k++)
        {
            int i = _items[k];
            for (int p = _postOffsets[i]; p < _postOffsets[i + 1]; p++)
                dot[_postUsers[p]] = 0;
        }
        var nearest = heap.ToSortedArray();
        for (int r = 0; r < nearest.Length; r++)
            into[r] = nearest[r].Id;
        return nearest.Length;
    }
}
