using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BundleForge.Embeddings;

/// <summary>Exact top-k by cosine in two passes that still return exactly the float top-k of a full scan. Pass one
/// scores every row from int8 codes (<see cref="QuantizedRowBlocks"/>; AVX-VNNI, 16 rows per block, a quarter of
/// the float matrix's memory traffic) and adds a proven per-row error bound; only rows whose approximate score plus
/// bound reaches the current k-th exact score are rescored in float (usually a few dozen) and offered to a bounded heap.
/// Catalogs from <see cref="ParallelRows"/> rows are scanned in parallel blocks whose heaps are merged.</summary>
/// <remarks>Why it is exact: with x̂ = x − e and q̂ = q − f the quantized row and query,
/// x·q − x̂·q̂ = x̂·f + e·q̂ + e·f, so |x·q − x̂·q̂| ≤ ‖e‖(‖q̂‖ + ‖f‖) + max‖x̂‖·‖f‖ (Cauchy–Schwarz), plus a slack
/// covering float rounding of both the exact dot product and the bound (<see cref="QuantizedQuery.RoundingSlack"/>).
/// A row is skipped only when that upper bound is strictly below the current k-th exact score, which never decreases,
/// so it could not have entered (nor won a tie) in a full float scan.</remarks>
public sealed class ExactCosineIndex : IVectorIndex
{
    private const int ParallelBlockRows = 16_384;
    private readonly float[] _rows;
    private readonly bool[] _valid;
    private readonly QuantizedRowBlocks _codes;
    private readonly ThreadLocal<QuantizedQuery> _queries;

    /// <summary>Indexes <paramref name="vectors"/> (rows × <paramref name="dimensions"/>); zero rows are never returned.</summary>
    public ExactCosineIndex(ReadOnlySpan<float> vectors, int dimensions, int parallelRows = 200_000)
    {
        if (dimensions < 1 || vectors.Length % dimensions != 0)
            throw new DataException($"Vector data of length {vectors.Length} is not a whole number of {dimensions}-dimensional rows.");
        Dimensions = dimensions;
        Count = vectors.Length / dimensions;
        _rows = VectorMath.NormalizeRows(vectors, dimensions);
        _valid = new bool[Count];
        for (int r = 0; r < Count; r++)
        {
            // a row whose norm overflows (or holds NaN) could not be normalised: it is left out like a zero row, since
            // the error bound assumes unit rows
            float norm = TensorPrimitives.Norm(_rows.AsSpan(r * dimensions, dimensions));
            _valid[r] = norm > 0 && float.IsFinite(norm);
        }
        _codes = new QuantizedRowBlocks(_rows, _valid, dimensions);
        _queries = new ThreadLocal<QuantizedQuery>(() => new QuantizedQuery(Dimensions, _codes.Groups));
        ParallelRows = parallelRows;
    }

    public int Count { get; }
    public int Dimensions { get; }
    /// <summary>Row count from which a query is split into parallel blocks.</summary>
    public int ParallelRows { get; }
    /// <summary>Rows rescored in float by the last query on this thread (diagnostics and tests).</summary>
    public int LastRescored => _rescored.Value;
    /// <summary>Forces the portable (non-VNNI) first pass; both give the same integer scores. For tests.</summary>
    internal bool PortableOnly { get; set; }

    private readonly ThreadLocal<int> _rescored = new();

    /// <summary>The unit-length row <paramref name="row"/> (zero when the row has no vector).</summary>
    public ReadOnlySpan<float> Row(int row) => _rows.AsSpan(row * Dimensions, Dimensions);

    /// <summary>The float score a full scan gives <paramref name="row"/> for a normalised query (the reference the
    /// two-pass search reproduces exactly).</summary>
    public float ExactScore(int row, ReadOnlySpan<float> unitQuery) =>
        Dot(ref MemoryMarshal.GetArrayDataReference(_rows), (nuint)row * (nuint)Dimensions, ref MemoryMarshal.GetReference(unitQuery), Dimensions);

    public Neighbor[] TopK(ReadOnlySpan<float> query, int k, Predicate<int>? exclude = null)
    {
        if (k < 1)
            throw new DataException("k must be at least 1.", field: "k");
        var buffer = new Neighbor[Math.Min(k, Math.Max(Count, 1))];
        int n = TopK(query, buffer, exclude);
        return n == buffer.Length ? buffer : buffer.AsSpan(0, n).ToArray();
    }

    /// <summary>Writes the best <c>results.Length</c> rows into <paramref name="results"/>, best first, and returns how
    /// many were written. Allocation-free below <see cref="ParallelRows"/> rows once a thread has searched with this k.</summary>
    public int TopK(ReadOnlySpan<float> query, Span<Neighbor> results, Predicate<int>? exclude = null)
    {
        if (query.Length != Dimensions)
            throw new DataException($"Dimension mismatch: the query has {query.Length} dimensions, the index {Dimensions}.");
        int k = results.Length;
        if (k < 1)
            throw new DataException("k must be at least 1.", field: "k");
        var q = _queries.Value!;
        if (!q.Prepare(query, _codes.MaxApproximateNorm))
            return 0;
        if (q.Heap is null || q.Heap.Capacity != k)
            q.Heap = new TopKHeap(k);
        var heap = q.Heap;
        heap.Clear();
        if (Count < ParallelRows)
        {
            _rescored.Value = Scan(q, 0, _codes.Blocks, heap, exclude);
            return heap.CopySortedTo(results);
        }
        return ScanInParallel(q, heap, exclude, results);
    }

    /// <summary>Large catalogs: parts of the block range scanned in parallel (kept out of <c>TopK</c> so its closure
    /// is not allocated on the serial path).</summary>
    private int ScanInParallel(QuantizedQuery q, TopKHeap heap, Predicate<int>? exclude, Span<Neighbor> results)
    {
        int k = heap.Capacity;
        int blocksPerPart = ParallelBlockRows / QuantizedRowBlocks.BlockRows;
        int parts = (_codes.Blocks + blocksPerPart - 1) / blocksPerPart;
        var heaps = new TopKHeap[parts];
        int rescored = 0;
        Parallel.For(0, parts, p =>
        {
            heaps[p] = new TopKHeap(k); // the prepared query is only read by the scan, so workers share it
            Interlocked.Add(ref rescored, Scan(q, p * blocksPerPart, Math.Min(_codes.Blocks, (p + 1) * blocksPerPart), heaps[p], exclude));
        });
        _rescored.Value = rescored;
        foreach (var h in heaps)
            foreach (var n in h.ToSortedArray())
                heap.Add(n.Id, n.Score);
        return heap.CopySortedTo(results);
    }

    /// <summary>Checks the query's length and returns it normalised, or null for a zero query.</summary>
    internal static float[]? PrepareQuery(ReadOnlySpan<float> query, int dimensions)
    {
        if (query.Length != dimensions)
            throw new DataException($"Dimension mismatch: the query has {query.Length} dimensions, the index {dimensions}.");
        var q = query.ToArray();
        return VectorMath.NormalizeInPlace(q) ? q : null;
    }

    /// <summary>Scans blocks [<paramref name="fromBlock"/>, <paramref name="toBlock"/>); returns the rows rescored.</summary>
    private int Scan(QuantizedQuery q, int fromBlock, int toBlock, TopKHeap heap, Predicate<int>? exclude)
    {
        if (!PortableOnly && AvxVnni.IsSupported)
            return ScanVnni(q, fromBlock, toBlock, heap, exclude);
        return ScanPortable(q, fromBlock, toBlock, heap, exclude);
    }

    private int ScanVnni(QuantizedQuery q, int fromBlock, int toBlock, TopKHeap heap, Predicate<int>? exclude)
    {
        int groups = _codes.Groups, rescored = 0;
        ref sbyte codes = ref MemoryMarshal.GetArrayDataReference(_codes.Codes);
        ref int packed = ref MemoryMarshal.GetArrayDataReference(q.PackedGroups);
        ref float scales = ref MemoryMarshal.GetArrayDataReference(_codes.Scales);
        ref float errors = ref MemoryMarshal.GetArrayDataReference(_codes.ErrorNorms);
        ref int corrections = ref MemoryMarshal.GetArrayDataReference(_codes.OffsetCorrections);
        var t = Vector256.Create(q.Scale);
        var factor = Vector256.Create(q.ErrorFactor);
        var offset = Vector256.Create(q.ErrorOffset);
        float threshold = heap.Threshold;
        var bar = Vector256.Create(threshold);
        for (int b = fromBlock; b < toBlock; b++)
        {
            nuint at = (nuint)b * (nuint)groups * QuantizedRowBlocks.GroupBytes;
            // two accumulators per half (even and odd groups) halve the multiply-add dependency chains
            var lo = Vector256<int>.Zero;
            var hi = Vector256<int>.Zero;
            var lo2 = Vector256<int>.Zero;
            var hi2 = Vector256<int>.Zero;
            int g = 0;
            for (; g + 1 < groups; g += 2)
            {
                var qv = Vector256.Create(Unsafe.Add(ref packed, g)).AsByte();
                var qv2 = Vector256.Create(Unsafe.Add(ref packed, g + 1)).AsByte();
                lo = AvxVnni.MultiplyWideningAndAdd(lo, qv, Vector256.LoadUnsafe(ref codes, at));
                hi = AvxVnni.MultiplyWideningAndAdd(hi, qv, Vector256.LoadUnsafe(ref codes, at + 32));
                lo2 = AvxVnni.MultiplyWideningAndAdd(lo2, qv2, Vector256.LoadUnsafe(ref codes, at + 64));
                hi2 = AvxVnni.MultiplyWideningAndAdd(hi2, qv2, Vector256.LoadUnsafe(ref codes, at + 96));
                at += 2 * QuantizedRowBlocks.GroupBytes;
            }
            if (g < groups)
            {
                var qv = Vector256.Create(Unsafe.Add(ref packed, g)).AsByte();
                lo = AvxVnni.MultiplyWideningAndAdd(lo, qv, Vector256.LoadUnsafe(ref codes, at));
                hi = AvxVnni.MultiplyWideningAndAdd(hi, qv, Vector256.LoadUnsafe(ref codes, at + 32));
            }
            lo += lo2;
            hi += hi2;
            nuint row = (nuint)b * QuantizedRowBlocks.BlockRows;
            uint mask = UpperBoundMask(lo, row, ref scales, ref errors, ref corrections, t, factor, offset, bar)
                      | UpperBoundMask(hi, row + 8, ref scales, ref errors, ref corrections, t, factor, offset, bar) << 8;
            if (mask == 0)
                continue;
            rescored += Rescore(q, (int)row, mask, heap, exclude);
            if (heap.Threshold != threshold)
            { threshold = heap.Threshold; bar = Vector256.Create(threshold); }
        }
        return rescored;
    }

    /// <summary>Bit i set when row <paramref name="row"/> + i may reach <paramref name="bar"/>:
    /// s·t·(acc − 128Σc) + ‖e‖·factor + offset ≥ bar.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint UpperBoundMask(Vector256<int> acc, nuint row, ref float scales, ref float errors, ref int corrections,
        Vector256<float> t, Vector256<float> factor, Vector256<float> offset, Vector256<float> bar)
    {
        var dot = Vector256.ConvertToSingle(acc - Vector256.LoadUnsafe(ref corrections, row));
        var approx = dot * (Vector256.LoadUnsafe(ref scales, row) * t);
        var upper = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref errors, row), factor, approx + offset);
        return Vector256.GreaterThanOrEqual(upper, bar).ExtractMostSignificantBits();
    }

    private int ScanPortable(QuantizedQuery q, int fromBlock, int toBlock, TopKHeap heap, Predicate<int>? exclude)
    {
        int groups = _codes.Groups, rescored = 0;
        var codes = _codes.Codes;
        for (int b = fromBlock; b < toBlock; b++)
        {
            uint mask = 0;
            int first = b * QuantizedRowBlocks.BlockRows;
            for (int lane = 0; lane < QuantizedRowBlocks.BlockRows; lane++)
            {
                int acc = 0;
                long at = (long)b * groups * QuantizedRowBlocks.GroupBytes + lane * QuantizedRowBlocks.GroupDims;
                for (int g = 0; g < groups; g++, at += QuantizedRowBlocks.GroupBytes)
                {
                    int packed = q.PackedGroups[g];
                    for (int i = 0; i < QuantizedRowBlocks.GroupDims; i++)
                        acc += ((packed >> (8 * i)) & 0xFF) * codes[at + i];
                }
                int r = first + lane;
                float approx = (acc - _codes.OffsetCorrections[r]) * (_codes.Scales[r] * q.Scale);
                if (MathF.FusedMultiplyAdd(_codes.ErrorNorms[r], q.ErrorFactor, approx + q.ErrorOffset) >= heap.Threshold)
                    mask |= 1u << lane;
            }
            if (mask != 0)
                rescored += Rescore(q, first, mask, heap, exclude);
        }
        return rescored;
    }

    /// <summary>Exact float scores for the candidate rows of one block.</summary>
    private int Rescore(QuantizedQuery q, int first, uint mask, TopKHeap heap, Predicate<int>? exclude)
    {
        int rescored = 0;
        ref float rows = ref MemoryMarshal.GetArrayDataReference(_rows);
        ref float unit = ref MemoryMarshal.GetArrayDataReference(q.Unit);
        while (mask != 0)
        {
            int r = first + System.Numerics.BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            if (r >= Count || !_valid[r])
                continue;
            rescored++;
            float s = Dot(ref rows, (nuint)r * (nuint)Dimensions, ref unit, Dimensions);
            if (s < heap.Threshold)
                continue;
            if (exclude is not null && exclude(r))
                continue;
            heap.Add(r, s);
        }
        return rescored;
    }

    /// <summary>The float dot product every score of this index comes from (FMA over 16/8 lanes, TensorPrimitives otherwise).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ref float rows, nuint at, ref float q, int d)
    {
        if (Vector512.IsHardwareAccelerated && (d & 15) == 0)
        {
            var acc = Vector512<float>.Zero;
            for (nuint i = 0; i < (nuint)d; i += 16)
                acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rows, at + i), Vector512.LoadUnsafe(ref q, i), acc);
            return Vector512.Sum(acc);
        }
        if (Vector256.IsHardwareAccelerated && (d & 7) == 0)
        {
            var acc = Vector256<float>.Zero;
            for (nuint i = 0; i < (nuint)d; i += 8)
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rows, at + i), Vector256.LoadUnsafe(ref q, i), acc);
            return Vector256.Sum(acc);
        }
        return TensorPrimitives.Dot(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref rows, at), d), MemoryMarshal.CreateReadOnlySpan(ref q, d));
    }
}
