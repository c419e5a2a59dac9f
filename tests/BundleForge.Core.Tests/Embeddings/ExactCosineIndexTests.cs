using BundleForge.Embeddings;

namespace BundleForge.Core.Tests.Embeddings;

/// <summary>The two-pass (int8 filter + float rescore) index must return exactly what a full float scan returns,
/// including ties, duplicates and rows whose scores sit within the quantization error of the k-th score.</summary>
public class ExactCosineIndexTests
{
    private static float[] Uniform(int rows, int dims, int seed)
    {
        var r = new Random(seed);
        var v = new float[rows * dims];
        for (int i = 0; i < v.Length; i++)
            v[i] = (float)(r.NextDouble() * 2 - 1);
        return v;
    }

    /// <summary>The full float scan with the index's own score function: best score first, ties by smaller id.</summary>
    private static Neighbor[] FullScan(ExactCosineIndex index, ReadOnlySpan<float> query, int k, Predicate<int>? exclude = null)
    {
        var unit = query.ToArray();
        if (!VectorMath.NormalizeInPlace(unit))
            return [];
        var all = new List<Neighbor>();
        for (int r = 0; r < index.Count; r++)
        {
            if (!(System.Numerics.Tensors.TensorPrimitives.Norm(index.Row(r)) > 0))
                continue;
            if (exclude is not null && exclude(r))
                continue;
            all.Add(new Neighbor(r, index.ExactScore(r, unit)));
        }
        all.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Id.CompareTo(b.Id));
        return all.Take(k).ToArray();
    }

    private static void AssertSameAsFullScan(float[] rows, int dims, float[] queries, int k, Predicate<int>? exclude = null)
    {
        foreach (bool portable in new[] { false, true })
        {
            var index = new ExactCosineIndex(rows, dims) { PortableOnly = portable };
            for (int q = 0; q < queries.Length / dims; q++)
            {
                var query = queries.AsSpan(q * dims, dims);
                var expected = FullScan(index, query, k, exclude);
                var actual = index.TopK(query, k, exclude);
                Assert.Equal(expected, actual); // ids and bit-identical scores, in order
            }
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(24)]  // not a multiple of 16: the 256-bit float kernel
    [InlineData(7)]   // not a multiple of 4: the last code group is zero-padded
    [InlineData(130)] // TensorPrimitives float kernel, 33 code groups
    public void Random_data_gives_exactly_the_full_scan_top_k(int dims)
    {
        AssertSameAsFullScan(Uniform(5003, dims, dims), dims, Uniform(30, dims, dims + 1), 10);
    }

    [Fact]
    public void Exclusions_and_k_larger_than_the_catalog()
    {
        var rows = Uniform(1000, 32, 3);
        AssertSameAsFullScan(rows, 32, Uniform(10, 32, 4), 10, i => i % 3 == 0);
        var index = new ExactCosineIndex(rows.AsSpan(0, 5 * 32), 32);
        Assert.Equal(5, index.TopK(rows.AsSpan(0, 32), 10).Length);
    }

    [Fact]
    public void Duplicate_rows_tie_and_are_ordered_by_id()
    {
        // 40 copies of each of 50 vectors, interleaved: every score is shared by 40 rows and k cuts through a tie group
        var basis = Uniform(50, 64, 5);
        var rows = new float[2000 * 64];
        for (int r = 0; r < 2000; r++)
            basis.AsSpan((r % 50) * 64, 64).CopyTo(rows.AsSpan(r * 64, 64));
        var queries = new float[6 * 64];
        for (int q = 0; q < 5; q++)
            basis.AsSpan(q * 64, 64).CopyTo(queries.AsSpan(q * 64, 64)); // queries equal to rows
        Uniform(1, 64, 6).CopyTo(queries.AsSpan(5 * 64));
        AssertSameAsFullScan(rows, 64, queries, 10);
        AssertSameAsFullScan(rows, 64, queries, 57);
        var index = new ExactCosineIndex(rows, 64);
        var hits = index.TopK(basis.AsSpan(0, 64), 10);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 50), hits.Select(h => h.Id));
    }

    [Fact]
    public void Rows_within_the_quantization_error_of_each_other_are_ranked_exactly()
    {
        // every row is the query plus noise far below one int8 step (1/127 of the largest component): the int8 codes
        // of many rows are identical, so only the float rescore can order them
        const int d = 64, n = 3000;
        var random = new Random(7);
        var query = Uniform(1, d, 8);
        var rows = new float[n * d];
        for (int r = 0; r < n; r++)
            for (int i = 0; i < d; i++)
                rows[r * d + i] = query[i] + (r % 5 == 0 ? 0f : (float)(random.NextDouble() - 0.5) * 1e-4f * (r % 7));
        AssertSameAsFullScan(rows, d, query, 10);
        AssertSameAsFullScan(rows, d, query, 100);
    }

    [Fact]
    public void Vectors_with_one_dominant_component_and_one_hot_rows()
    {
        // one huge component squeezes the others below half a quantization step: their codes are 0 and the ranking
        // among these rows rests on the error bound
        const int d = 32, n = 2000;
        var random = new Random(9);
        var rows = new float[n * d];
        for (int r = 0; r < n; r++)
        {
            if (r % 10 == 0)
            { rows[r * d + r % d] = 1f; continue; } // one-hot
            rows[r * d] = 1000f;
            for (int i = 1; i < d; i++)
                rows[r * d + i] = (float)(random.NextDouble() - 0.5);
        }
        var queries = new float[3 * d];
        queries[0] = 1f;
        for (int i = 1; i < d; i++)
            queries[i] = 1e-3f * i;
        for (int i = 0; i < d; i++)
            queries[d + i] = (float)(random.NextDouble() - 0.5);
        queries[2 * d + 3] = -1f;
        AssertSameAsFullScan(rows, d, queries, 10);
        AssertSameAsFullScan(rows, d, queries, 250);
    }

    [Fact]
    public void Zero_rows_padding_and_zero_queries()
    {
        var rows = Uniform(37, 16, 10); // 37 rows: the last 16-row block is padded
        for (int r = 0; r < 37; r += 4)
            Array.Clear(rows, r * 16, 16);
        var index = new ExactCosineIndex(rows, 16);
        var hits = index.TopK(Uniform(1, 16, 11), 40);
        Assert.Equal(27, hits.Length);
        Assert.All(hits, h => Assert.NotEqual(0, h.Id % 4));
        Assert.Empty(index.TopK(new float[16], 5));
        Assert.Empty(index.TopK([float.NaN, .. new float[15]], 5));

        var huge = Uniform(3, 4, 12);
        huge[4] = float.MaxValue;
        huge[5] = float.MaxValue; // row 1's norm overflows: it cannot be normalised
        huge[8] = float.NaN;                                 // row 2 is not a vector
        Assert.Equal([0], new ExactCosineIndex(huge, 4).TopK([1, 1, 1, 1], 3).Select(h => h.Id));
        Assert.Throws<DataException>(() => index.TopK(new float[15], 5));
    }

    [Fact]
    public void The_first_pass_leaves_few_rows_to_rescore_on_random_data()
    {
        var index = new ExactCosineIndex(Uniform(50_000, 64, 12), 64);
        var queries = Uniform(20, 64, 13);
        long rescored = 0;
        for (int q = 0; q < 20; q++)
        { index.TopK(queries.AsSpan(q * 64, 64), 10); rescored += index.LastRescored; }
        // the heap's own insertions alone are about k·ln(n/k) ≈ 85 per query; a bound that were loose (or broken into
        // always-true) would rescore thousands
        Assert.True(rescored / 20.0 < 500, $"rescored {rescored / 20.0:0} rows per query");
    }

    [Fact]
    public void Single_query_into_a_span_allocates_nothing()
    {
        var index = new ExactCosineIndex(Uniform(20_000, 64, 14), 64);
        var query = Uniform(1, 64, 15);
        var results = new Neighbor[10];
        Predicate<int> exclude = static r => r == 3;
        for (int i = 0; i < 3; i++)
            index.TopK(query, results, exclude); // warm-up: per-thread query state and heap
        // The runtime itself may allocate on this thread once in a while (tiered JIT recompiling the loop: 6,456 bytes
        // once in CI on a loaded machine), so the least of five rounds of ten queries must be 0: a query that allocates
        // allocates in every round.
        long least = long.MaxValue;
        int n = 0;
        for (int round = 0; round < 5; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
                n = index.TopK(query, results, exclude);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, least);
        Assert.Equal(10, n);
        Assert.Equal(index.TopK(query, 10, static r => r == 3), results);
    }

    [Fact]
    public void Batch_and_parallel_blocks_equal_single_serial_queries()
    {
        var rows = Uniform(40_000, 32, 16);
        var serial = new ExactCosineIndex(rows, 32);
        IVectorIndex parallel = new ExactCosineIndex(rows, 32, parallelRows: 1000);
        var queries = Uniform(12, 32, 17);
        var batch = parallel.TopKBatch(queries, 15, i => i % 7 == 0);
        Assert.Equal(12, batch.Length);
        for (int q = 0; q < 12; q++)
        {
            var expected = serial.TopK(queries.AsSpan(q * 32, 32), 15, i => i % 7 == 0);
            Assert.Equal(expected, batch[q]);
            Assert.Equal(expected, parallel.TopK(queries.AsSpan(q * 32, 32), 15, i => i % 7 == 0));
        }
        Assert.Throws<DataException>(() => parallel.TopKBatch(new float[33], 5));
    }
}
