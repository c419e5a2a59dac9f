using System.Numerics.Tensors;
using BundleForge.Embeddings;
using BundleForge.Splits;

namespace BundleForge.Recommendation;

/// <summary>TIFU-KNN's user vectors (Hu et al., SIGIR 2020), sparse (compressed rows by user, and the same values by
/// item for the neighbour search), with each vector's squared norm: orders grouped <c>groupSize</c> at a time from the
/// most recent back, each order weighted withinDecay^(places from the end of its group) / group size, each group
/// groupDecay^(groups from the last) / groups. Users without a history have an empty row and are nobody's neighbour.
/// The TIFU-KNN baseline and the next-basket ranker's neighbour feature both read these.</summary>
public sealed class TifuUserVectors
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
        ItemCount = itemCount;
        int users = offsets.Length - 1;
        _squaredNorm = new float[users];
        var with = new List<int>();
        for (int u = 0; u < users; u++)
        {
            var row = values.AsSpan(offsets[u], offsets[u + 1] - offsets[u]);
            _squaredNorm[u] = TensorPrimitives.Dot(row, row);
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

    /// <summary>Users (rows).</summary>
    public int UserCount => _offsets.Length - 1;
    /// <summary>Items (columns).</summary>
    public int ItemCount { get; }

    /// <summary>The weight of order <paramref name="t"/> (0 = oldest) of <paramref name="n"/> in a TIFU vector.</summary>
    public static double OrderWeight(int n, int t, int groupSize, double withinDecay, double groupDecay)
    {
        int groups = (n + groupSize - 1) / groupSize;
        int back = n - 1 - t;
        int group = back / groupSize;          // 0 = the most recent group
        int position = back % groupSize;       // 0 = the most recent order of its group
        int size = Math.Min(groupSize, n - group * groupSize);
        return Math.Pow(withinDecay, position) / size * Math.Pow(groupDecay, group) / groups;
    }

    /// <summary>The vectors of every user of <paramref name="split"/> from their orders before its cut (their last
    /// <paramref name="maxOrders"/> orders only, when given).</summary>
    public static TifuUserVectors Build(NextBasketSplit split, int groupSize, double withinDecay, double groupDecay, int maxOrders = int.MaxValue)
    {
        int users = split.UserCount;
        var offsets = new int[users + 1];
        var items = new List<int>();
        var values = new List<float>();
        var row = new Dictionary<int, double>();
        for (int u = 0; u < users; u++)
        {
            var orders = split.BasketsOf(u);
            if (orders.Length > maxOrders)
                orders = orders[^maxOrders..];
            int n = orders.Length;
            row.Clear();
            for (int t = 0; t < n; t++)
            {
                double w = OrderWeight(n, t, groupSize, withinDecay, groupDecay);
                foreach (var i in split.Baskets[orders[t]])
                    row[i] = row.GetValueOrDefault(i) + w;
            }
            Append(row, items, values);
            offsets[u + 1] = items.Count;
        }
        return new TifuUserVectors(offsets, items.ToArray(), values.ToArray(), split.ItemCount);
    }

    /// <summary>The vectors of the users of <paramref name="users"/> (in its order) from their stored orders.</summary>
    public static TifuUserVectors Build(UserOrders users, int itemCount, int groupSize, double withinDecay, double groupDecay)
    {
        var offsets = new int[users.Count + 1];
        var items = new List<int>();
        var values = new List<float>();
        var row = new Dictionary<int, double>();
        for (int u = 0; u < users.Count; u++)
        {
            VectorOf(users.HistoryOf(users.Keys[u]), groupSize, withinDecay, groupDecay, int.MaxValue, row);
            Append(row, items, values);
            offsets[u + 1] = items.Count;
        }
        return new TifuUserVectors(offsets, items.ToArray(), values.ToArray(), itemCount);
    }

    /// <summary>Writes the TIFU vector of <paramref name="history"/> (its last <paramref name="maxOrders"/> orders)
    /// into <paramref name="row"/> (cleared first).</summary>
    public static void VectorOf(OrderHistory history, int groupSize, double withinDecay, double groupDecay, int maxOrders, Dictionary<int, double> row)
    {
        row.Clear();
        int first = Math.Max(0, history.Count - maxOrders);
        int n = history.Count - first;
        for (int t = 0; t < n; t++)
        {
            double w = OrderWeight(n, t, groupSize, withinDecay, groupDecay);
            foreach (var i in history[first + t])
                row[i] = row.GetValueOrDefault(i) + w;
        }
    }

    private static void Append(Dictionary<int, double> row, List<int> items, List<float> values)
    {
        int start = items.Count;
        foreach (var (i, v) in row)
        {
            items.Add(i);
            values.Add((float)v);
        }
        // Item order within a row: ascending, so sums over a row are reproducible.
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items)[start..];
        var vspan = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values)[start..];
        span.Sort(vspan);
    }

    /// <summary>Adds <paramref name="weight"/> × the vector of <paramref name="user"/> into <paramref name="dense"/>.</summary>
    public void AddTo(int user, float weight, Span<float> dense)
    {
        for (int k = _offsets[user]; k < _offsets[user + 1]; k++)
            dense[_items[k]] += weight * _values[k];
    }

    /// <summary>The items of <paramref name="user"/>'s vector, ascending.</summary>
    public ReadOnlySpan<int> ItemsOf(int user) => _items.AsSpan(_offsets[user], _offsets[user + 1] - _offsets[user]);

    /// <summary>The values of <paramref name="user"/>'s vector, in the order of <see cref="ItemsOf"/>.</summary>
    public ReadOnlySpan<float> ValuesOf(int user) => _values.AsSpan(_offsets[user], _offsets[user + 1] - _offsets[user]);

    /// <summary>Writes the users nearest to <paramref name="user"/> by Euclidean distance (as the reference
    /// implementation), nearest first, ties to the smaller id, the user left out; returns how many were written.
    /// <paramref name="dot"/> is scratch of <see cref="UserCount"/> zeros, left zero.</summary>
    public int Nearest(int user, Span<int> into, float[] dot)
    {
        return NearestTo(ItemsOf(user), ValuesOf(user), _squaredNorm[user], user, into, dot);
    }

    /// <summary>Writes the users nearest to the vector (<paramref name="items"/>, <paramref name="values"/>, squared
    /// norm <paramref name="squaredNorm"/>) by Euclidean distance, nearest first, ties to the smaller id, user
    /// <paramref name="skip"/> left out (−1: none); returns how many were written. <paramref name="dot"/> is scratch of
    /// <see cref="UserCount"/> zeros, left zero.</summary>
    public int NearestTo(ReadOnlySpan<int> items, ReadOnlySpan<float> values, float squaredNorm, int skip, Span<int> into, float[] dot)
    {
        if (into.IsEmpty)
            return 0;
        for (int k = 0; k < items.Length; k++)
        {
            int i = items[k];
            if ((uint)i >= (uint)ItemCount)
                continue;
            float v = values[k];
            for (int p = _postOffsets[i]; p < _postOffsets[i + 1]; p++)
                dot[_postUsers[p]] += v * _postValues[p];
        }
        var heap = new TopKHeap(into.Length);
        foreach (var v in _withHistory)
        {
            if (v == skip)
                continue;
            heap.Add(v, -(squaredNorm + _squaredNorm[v] - 2 * dot[v]));
        }
        for (int k = 0; k < items.Length; k++)
        {
            int i = items[k];
            if ((uint)i >= (uint)ItemCount)
                continue;
            for (int p = _postOffsets[i]; p < _postOffsets[i + 1]; p++)
                dot[_postUsers[p]] = 0;
        }
        var nearest = heap.ToSortedArray();
        for (int r = 0; r < nearest.Length; r++)
            into[r] = nearest[r].Id;
        return nearest.Length;
    }
}
