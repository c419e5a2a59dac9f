namespace BundleForge.Embeddings;

/// <summary>Keeps the k best (id, score) pairs seen so far in a min-heap of fixed size: O(log k) per accepted
/// candidate, O(1) rejection once full.</summary>
public sealed class TopKHeap
{
    private readonly int[] _ids;
    private readonly float[] _scores;

    public TopKHeap(int k)
    {
        if (k < 1)
            throw new DataException("k must be at least 1.", field: "k");
        _ids = new int[k];
        _scores = new float[k];
    }

    public int Count { get; private set; }
    public int Capacity => _ids.Length;
    /// <summary>The worst kept score, or -∞ while not full (anything better is accepted).</summary>
    public float Threshold => Count < _ids.Length ? float.NegativeInfinity : _scores[0];

    /// <summary>Offers a candidate; ties are broken towards the smaller id so results are deterministic.</summary>
    public void Add(int id, float score)
    {
        if (Count < _ids.Length)
        {
            int i = Count++;
            _ids[i] = id;
            _scores[i] = score;
            SiftUp(i);
            return;
        }
        if (!Better(id, score, _ids[0], _scores[0]))
            return;
        _ids[0] = id;
        _scores[0] = score;
        SiftDown(0);
    }

    /// <summary>The kept pairs, best first.</summary>
    public Neighbor[] ToSortedArray()
    {
        var result = new Neighbor[Count];
        for (int i = 0; i < Count; i++)
            result[i] = new Neighbor(_ids[i], _scores[i]);
        Array.Sort(result, static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Id.CompareTo(b.Id));
        return result;
    }

    /// <summary>Writes the kept pairs best first into <paramref name="destination"/> (at least <see cref="Count"/> long)
    /// without allocating; returns how many were written.</summary>
    public int CopySortedTo(Span<Neighbor> destination)
    {
        for (int i = 0; i < Count; i++)
            destination[i] = new Neighbor(_ids[i], _scores[i]);
        destination[..Count].Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Id.CompareTo(b.Id));
        return Count;
    }

    public void Clear() => Count = 0;

    private static bool Better(int idA, float a, int idB, float b) => a > b || (a == b && idA < idB);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int p = (i - 1) >> 1;
            if (!Better(_ids[p], _scores[p], _ids[i], _scores[i]))
                break;
            Swap(i, p);
            i = p;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, worst = i;
            if (l < Count && Better(_ids[worst], _scores[worst], _ids[l], _scores[l]))
                worst = l;
            if (r < Count && Better(_ids[worst], _scores[worst], _ids[r], _scores[r]))
                worst = r;
            if (worst == i)
                return;
            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_ids[a], _ids[b]) = (_ids[b], _ids[a]);
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
    }
}
