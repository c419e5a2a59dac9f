using System.Numerics.Tensors;

namespace BundleForge.Embeddings;

/// <summary>Approximate top-k by cosine with a hierarchical navigable small-world graph (Malkov &amp; Yashunin 2016):
/// greedy descent through sparse upper layers, then a best-first beam search of width ef on layer 0. Neighbours are
/// chosen with the paper's diversity heuristic. Built single-threaded with a seed, so the graph is reproducible.</summary>
public sealed class HnswIndex : IVectorIndex
{
    private readonly float[] _rows;
    private readonly int _m;
    private readonly int _m0;
    private readonly int _efConstruction;
    private readonly int[] _level;
    /// <summary>Layer-0 adjacency: <c>_m0</c> slots per node, <c>_count0</c> used.</summary>
    private readonly int[] _links0;
    private readonly int[] _count0;
    /// <summary>Upper layers per node: <c>_upper[node][level-1]</c> holds that layer's neighbours.</summary>
    private readonly List<int>[]?[] _upper;
    private readonly ThreadLocal<VisitedSet> _visited;
    private int _entry = -1;
    private int _maxLevel = -1;

    /// <summary>Builds the graph over <paramref name="vectors"/> (rows × <paramref name="dimensions"/>); zero rows are left out.</summary>
    public HnswIndex(ReadOnlySpan<float> vectors, int dimensions, int m = 16, int efConstruction = 200, int efSearch = 64, int seed = 42,
        CancellationToken cancellation = default)
    {
        if (dimensions < 1 || vectors.Length % dimensions != 0)
            throw new DataException($"Vector data of length {vectors.Length} is not a whole number of {dimensions}-dimensional rows.");
        if (m < 2)
            throw new DataException("HNSW needs M >= 2.", field: "m");
        Dimensions = dimensions;
        Count = vectors.Length / dimensions;
        _rows = VectorMath.NormalizeRows(vectors, dimensions);
        _m = m;
        _m0 = 2 * m;
        _efConstruction = Math.Max(efConstruction, m);
        EfSearch = efSearch;
        _level = new int[Count];
        _links0 = new int[(long)Count * _m0];
        _count0 = new int[Count];
        _upper = new List<int>[Count][];
        int n = Count;
        _visited = new ThreadLocal<VisitedSet>(() => new VisitedSet(n));
        var random = new SeededRandom(seed);
        double ml = 1 / Math.Log(m);
        for (int r = 0; r < Count; r++)
        {
            if ((r & 1023) == 0)
                cancellation.ThrowIfCancellationRequested();
            _level[r] = -1;
            if (!(TensorPrimitives.Norm(_rows.AsSpan(r * dimensions, dimensions)) > 0))
                continue;
            int level = (int)(-Math.Log(1 - random.NextDouble()) * ml);
            Insert(r, Math.Min(level, 16));
        }
    }

    /// <summary>Rebuilds an index from a saved graph (<see cref="HnswFile"/>); the caller has validated every part.</summary>
    internal HnswIndex(ReadOnlySpan<float> vectors, int dimensions, int m, int efConstruction, int efSearch,
        int[] level, int[] links0, int[] count0, List<int>[]?[] upper, int entry, int maxLevel)
    {
        Dimensions = dimensions;
        Count = vectors.Length / dimensions;
        _rows = VectorMath.NormalizeRows(vectors, dimensions);
        _m = m;
        _m0 = 2 * m;
        _efConstruction = efConstruction;
        EfSearch = efSearch;
        _level = level;
        _links0 = links0;
        _count0 = count0;
        _upper = upper;
        _entry = entry;
        _maxLevel = maxLevel;
        int n = Count;
        _visited = new ThreadLocal<VisitedSet>(() => new VisitedSet(n));
    }

    public int Count { get; }
    public int Dimensions { get; }
    /// <summary>Links per node on the upper layers (2M on layer 0).</summary>
    public int M => _m;
    public int EfConstruction => _efConstruction;
    /// <summary>Top layer of each node, -1 for rows without a vector (not in the graph).</summary>
    internal ReadOnlySpan<int> Levels => _level;
    /// <summary>Layer-0 adjacency, 2M slots per node; <see cref="LinkCounts0"/> of them used.</summary>
    internal ReadOnlySpan<int> Links0 => _links0;
    internal ReadOnlySpan<int> LinkCounts0 => _count0;
    internal int Entry => _entry;
    internal int MaxLevel => _maxLevel;
    /// <summary>Neighbours of <paramref name="node"/> on layer <paramref name="level"/> (≥ 1).</summary>
    internal ReadOnlySpan<int> UpperLinks(int node, int level) => Links(node, level);

    /// <summary>Beam width of a query (raised to k when smaller); larger is slower and more exact.</summary>
    public int EfSearch { get; set; }

    public Neighbor[] TopK(ReadOnlySpan<float> query, int k, Predicate<int>? exclude = null)
    {
        if (k < 1)
            throw new DataException("k must be at least 1.", field: "k");
        var q = ExactCosineIndex.PrepareQuery(query, Dimensions);
        if (q is null || _entry < 0)
            return [];
        int ep = _entry;
        for (int l = _maxLevel; l >= 1; l--)
            ep = Greedy(q, ep, l);
        int ef = Math.Max(EfSearch, k);
        while (true)
        {
            var found = SearchLayer(q, ep, ef, 0);
            var heap = new TopKHeap(k);
            foreach (var (id, score) in found)
                if (exclude is null || !exclude(id))
                    heap.Add(id, score);
            if (heap.Count >= k || found.Count >= Count || ef >= Count)
                return heap.ToSortedArray();
            ef = Math.Min(Count, ef * 2); // exclusions ate the beam: widen it
        }
    }

    /// <summary>Copies <see cref="TopK(ReadOnlySpan{float}, int, Predicate{int}?)"/>'s answer (the graph search allocates).</summary>
    public int TopK(ReadOnlySpan<float> query, Span<Neighbor> results, Predicate<int>? exclude = null)
    {
        var found = TopK(query, results.Length, exclude);
        found.CopyTo(results);
        return found.Length;
    }

    private float Similarity(float[] q, int node) => TensorPrimitives.Dot(q, _rows.AsSpan(node * Dimensions, Dimensions));
    private float Similarity(int a, int b) => TensorPrimitives.Dot(_rows.AsSpan(a * Dimensions, Dimensions), _rows.AsSpan(b * Dimensions, Dimensions));

    private void Insert(int node, int level)
    {
        _level[node] = level;
        if (level > 0)
        {
            _upper[node] = new List<int>[level];
            for (int l = 0; l < level; l++)
                _upper[node]![l] = new List<int>(_m);
        }
        if (_entry < 0)
        { _entry = node; _maxLevel = level; return; }
        var q = _rows.AsSpan(node * Dimensions, Dimensions).ToArray();
        int ep = _entry;
        for (int l = _maxLevel; l > level; l--)
            ep = Greedy(q, ep, l);
        for (int l = Math.Min(level, _maxLevel); l >= 0; l--)
        {
            var candidates = SearchLayer(q, ep, _efConstruction, l);
            var chosen = SelectNeighbors(candidates, l == 0 ? _m0 : _m);
            SetLinks(node, l, chosen);
            foreach (var other in chosen)
                Connect(other, node, l);
            ep = candidates[0].Id;
        }
        if (level > _maxLevel)
        { _maxLevel = level; _entry = node; }
    }

    /// <summary>Adds <paramref name="node"/> to <paramref name="other"/>'s links, pruning with the heuristic when full.</summary>
    private void Connect(int other, int node, int level)
    {
        int max = level == 0 ? _m0 : _m;
        if (level == 0)
        {
            if (_count0[other] < max)
            { _links0[(long)other * _m0 + _count0[other]++] = node; return; }
        }
        else
        {
            var list = _upper[other]![level - 1];
            if (list.Count < max)
            { list.Add(node); return; }
        }
        var pool = new List<(int Id, float Score)> { (node, Similarity(other, node)) };
        foreach (var n in Links(other, level))
            pool.Add((n, Similarity(other, n)));
        pool.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        SetLinks(other, level, SelectNeighbors(pool, max));
    }

    private void SetLinks(int node, int level, List<int> links)
    {
        if (level == 0)
        {
            _count0[node] = links.Count;
            for (int i = 0; i < links.Count; i++)
                _links0[(long)node * _m0 + i] = links[i];
        }
        else
        {
            var list = _upper[node]![level - 1];
            list.Clear();
            list.AddRange(links);
        }
    }

    private ReadOnlySpan<int> Links(int node, int level) => level == 0
        ? _links0.AsSpan((int)((long)node * _m0), _count0[node])
        : System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_upper[node]![level - 1]);

    /// <summary>The paper's heuristic: take candidates best first, keeping one only if it is closer to the new node
    /// than to every neighbour already kept (spreads links across directions); fill up with the rest.</summary>
    private List<int> SelectNeighbors(List<(int Id, float Score)> sortedBestFirst, int max)
    {
        var kept = new List<int>(max);
        var skipped = new List<int>();
        foreach (var (id, score) in sortedBestFirst)
        {
            if (kept.Count >= max)
                break;
            bool diverse = true;
            foreach (var k in kept)
                if (Similarity(id, k) > score)
                { diverse = false; break; }
            if (diverse)
                kept.Add(id);
            else
                skipped.Add(id);
        }
        for (int i = 0; i < skipped.Count && kept.Count < max; i++)
            kept.Add(skipped[i]);
        return kept;
    }

    private int Greedy(float[] q, int ep, int level)
    {
        float best = Similarity(q, ep);
        bool moved = true;
        while (moved)
        {
            moved = false;
            foreach (var n in Links(ep, level))
            {
                float s = Similarity(q, n);
                if (s > best)
                { best = s; ep = n; moved = true; }
            }
        }
        return ep;
    }

    /// <summary>Best-first search of width <paramref name="ef"/> on one layer; results best first.</summary>
    private List<(int Id, float Score)> SearchLayer(float[] q, int ep, int ef, int level)
    {
        var visited = _visited.Value!;
        visited.Reset();
        var candidates = new PriorityQueue<int, float>(); // most similar first (priority = -similarity)
        var results = new PriorityQueue<int, float>();    // least similar first, so the worst is dropped
        float s0 = Similarity(q, ep);
        visited.Mark(ep);
        candidates.Enqueue(ep, -s0);
        results.Enqueue(ep, s0);
        while (candidates.TryDequeue(out int c, out float negative))
        {
            results.TryPeek(out _, out float worst);
            if (-negative < worst && results.Count >= ef)
                break;
            foreach (var n in Links(c, level))
            {
                if (!visited.Mark(n))
                    continue;
                float s = Similarity(q, n);
                results.TryPeek(out _, out worst);
                if (results.Count < ef || s > worst)
                {
                    candidates.Enqueue(n, -s);
                    results.Enqueue(n, s);
                    if (results.Count > ef)
                        results.Dequeue();
                }
            }
        }
        var list = new List<(int Id, float Score)>(results.Count);
        while (results.TryDequeue(out int id, out float score))
            list.Add((id, score));
        list.Reverse();
        return list;
    }

    /// <summary>Generation-stamped visited marks: O(1) reset per search.</summary>
    private sealed class VisitedSet(int size)
    {
        private readonly int[] _stamp = new int[size];
        private int _generation;

        public void Reset()
        {
            if (++_generation == int.MaxValue)
            { Array.Clear(_stamp); _generation = 1; }
        }

        /// <summary>Marks <paramref name="node"/>; false when it was already marked in this search.</summary>
        public bool Mark(int node)
        {
            if (_stamp[node] == _generation)
                return false;
            _stamp[node] = _generation;
            return true;
        }
    }
}
