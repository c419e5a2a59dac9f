using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BundleForge.Embeddings;

/// <summary>Exact top-k by cosine: rows are normalised once, a query is one SIMD dot product per row into a bounded
/// heap. Catalogs above <see cref="ParallelRows"/> rows are scanned in parallel blocks whose heaps are merged.</summary>
public sealed class ExactCosineIndex : IVectorIndex
{
    private const int BlockRows = 16_384;
    private readonly float[] _rows;
    private readonly bool[] _valid;

    /// <summary>Indexes <paramref name="vectors"/> (rows × <paramref name="dimensions"/>); zero rows are never returned.</summary>
    public ExactCosineIndex(ReadOnlySpan<float> vectors, int dimensions, int parallelRows = 200_000)
    {
        if (dimensions < 1 || vectors.Length % dimensions != 0) throw new DataException($"Vector data of length {vectors.Length} is not a whole number of {dimensions}-dimensional rows.");
        Dimensions = dimensions;
        Count = vectors.Length / dimensions;
        _rows = VectorMath.NormalizeRows(vectors, dimensions);
        _valid = new bool[Count];
        for (int r = 0; r < Count; r++) _valid[r] = TensorPrimitives.Norm(_rows.AsSpan(r * dimensions, dimensions)) > 0;
        ParallelRows = parallelRows;
    }

    public int Count { get; }
    public int Dimensions { get; }
    /// <summary>Row count from which a query is split into parallel blocks.</summary>
    public int ParallelRows { get; }

    /// <summary>The unit-length row <paramref name="row"/> (zero when the row has no vector).</summary>
    public ReadOnlySpan<float> Row(int row) => _rows.AsSpan(row * Dimensions, Dimensions);

    public Neighbor[] TopK(ReadOnlySpan<float> query, int k, Predicate<int>? exclude = null)
    {
        var q = PrepareQuery(query, Dimensions);
        if (q is null) return [];
        if (Count < ParallelRows)
        {
            var heap = new TopKHeap(k);
            Scan(q, 0, Count, heap, exclude);
            return heap.ToSortedArray();
        }
        int blocks = (Count + BlockRows - 1) / BlockRows;
        var heaps = new TopKHeap[blocks];
        Parallel.For(0, blocks, b =>
        {
            heaps[b] = new TopKHeap(k);
            Scan(q, b * BlockRows, Math.Min(Count, (b + 1) * BlockRows), heaps[b], exclude);
        });
        var merged = new TopKHeap(k);
        foreach (var h in heaps)
            foreach (var n in h.ToSortedArray()) merged.Add(n.Id, n.Score);
        return merged.ToSortedArray();
    }

    /// <summary>Checks the query's length and returns it normalised, or null for a zero query.</summary>
    internal static float[]? PrepareQuery(ReadOnlySpan<float> query, int dimensions)
    {
        if (query.Length != dimensions)
            throw new DataException($"Dimension mismatch: the query has {query.Length} dimensions, the index {dimensions}.");
        var q = query.ToArray();
        return VectorMath.NormalizeInPlace(q) ? q : null;
    }

    private void Scan(float[] query, int from, int to, TopKHeap heap, Predicate<int>? exclude)
    {
        int d = Dimensions;
        ref float q = ref MemoryMarshal.GetArrayDataReference(query);
        ref float rows = ref MemoryMarshal.GetArrayDataReference(_rows);
        bool wide = Vector512.IsHardwareAccelerated && (d & 15) == 0;
        bool mid = !wide && Vector256.IsHardwareAccelerated && (d & 7) == 0;
        for (int r = from; r < to; r++)
        {
            float s;
            nuint at = (nuint)r * (nuint)d;
            if (wide)
            {
                var acc = Vector512<float>.Zero;
                for (nuint i = 0; i < (nuint)d; i += 16)
                    acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rows, at + i), Vector512.LoadUnsafe(ref q, i), acc);
                s = Vector512.Sum(acc);
            }
            else if (mid)
            {
                var acc = Vector256<float>.Zero;
                for (nuint i = 0; i < (nuint)d; i += 8)
                    acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rows, at + i), Vector256.LoadUnsafe(ref q, i), acc);
                s = Vector256.Sum(acc);
            }
            else s = TensorPrimitives.Dot(_rows.AsSpan(r * d, d), query);
            if (s <= heap.Threshold || !_valid[r]) continue;
            if (exclude is not null && exclude(r)) continue;
            heap.Add(r, s);
        }
    }
}
