using BundleForge.Embeddings;
using Xunit.Abstractions;

namespace BundleForge.Core.Tests.Embeddings;

public class VectorIndexTests(ITestOutputHelper output)
{
    private static float[] Random(int rows, int dims, int seed)
    {
        var r = new Random(seed);
        var v = new float[rows * dims];
        for (int i = 0; i < v.Length; i++)
            v[i] = (float)(r.NextDouble() * 2 - 1);
        return v;
    }

    private static float[] Clustered(int rows, int dims, int clusters, int seed)
    {
        var r = new Random(seed);
        var centres = Random(clusters, dims, seed + 1);
        var v = new float[rows * dims];
        for (int i = 0; i < rows; i++)
        {
            int c = r.Next(clusters);
            for (int d = 0; d < dims; d++)
                v[i * dims + d] = centres[c * dims + d] + (float)(r.NextDouble() - 0.5) * 0.3f;
        }
        return v;
    }

    private static Neighbor[] BruteForce(float[] v, int dims, float[] q, int k, Predicate<int>? exclude = null)
    {
        int n = v.Length / dims;
        return Enumerable.Range(0, n).Where(i => exclude is null || !exclude(i))
            .Select(i => new Neighbor(i, VectorMath.Cosine(v.AsSpan(i * dims, dims), q)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Id).Take(k).ToArray();
    }

    [Fact]
    public void Exact_index_matches_brute_force_with_exclusions()
    {
        var v = Random(3000, 24, 1); // 24 dims: not a multiple of 16, exercises the 256-bit path
        var index = new ExactCosineIndex(v, 24);
        var queries = Random(20, 24, 2);
        for (int q = 0; q < 20; q++)
        {
            var query = queries.AsSpan(q * 24, 24).ToArray();
            var expected = BruteForce(v, 24, query, 10, i => i % 3 == 0);
            var actual = index.TopK(query, 10, i => i % 3 == 0);
            Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
            Assert.All(actual, a => Assert.NotEqual(0, a.Id % 3));
            for (int i = 0; i < 10; i++)
                Assert.Equal(expected[i].Score, actual[i].Score, 4);
        }
    }

    [Fact]
    public void Parallel_blocks_give_the_same_answer_as_one_scan()
    {
        var v = Random(40_000, 32, 3);
        var serial = new ExactCosineIndex(v, 32);
        var parallel = new ExactCosineIndex(v, 32, parallelRows: 1000);
        var q = Random(1, 32, 4);
        Assert.Equal(serial.TopK(q, 25), parallel.TopK(q, 25));
    }

    [Fact]
    public void Zero_rows_are_never_returned_and_wrong_dimensions_are_an_error()
    {
        var v = new float[] { 1, 0, 0, 0, 0, 1, 0.9f, 0.1f };
        var index = new ExactCosineIndex(v, 2);
        var hits = index.TopK([1, 0], 4);
        Assert.Equal([0, 3, 2], hits.Select(h => h.Id));
        Assert.Throws<DataException>(() => index.TopK([1, 0, 0], 2));
        Assert.Throws<DataException>(() => new HnswIndex(v, 2).TopK([1f], 2));
        Assert.Empty(index.TopK([0, 0], 2));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Hnsw_recall_at_10_is_at_least_95_percent(bool clustered)
    {
        const int n = 5000, d = 32;
        var v = clustered ? Clustered(n, d, 20, 5) : Random(n, d, 5);
        var exact = new ExactCosineIndex(v, d);
        var hnsw = new HnswIndex(v, d, m: 16, efConstruction: 100, efSearch: 64, seed: 1);
        var queries = clustered ? Clustered(100, d, 20, 5) : Random(100, d, 6);
        int found = 0;
        for (int q = 0; q < 100; q++)
        {
            var query = queries.AsSpan(q * d, d);
            var truth = exact.TopK(query, 10).Select(x => x.Id).ToHashSet();
            found += hnsw.TopK(query, 10).Count(x => truth.Contains(x.Id));
        }
        double recall = found / 1000.0;
        // docs/EMBEDDINGS.md quotes this figure (run with --logger "console;verbosity=detailed" to see it).
        output.WriteLine($"HNSW recall@10 ({(clustered ? "clustered" : "random")}, n={n}, d={d}, M=16, efConstruction=100, efSearch=64, seed 1): {recall:0.000}");
        Assert.True(recall >= 0.95, $"recall@10 = {recall:0.000}");
    }

    [Fact]
    public void Hnsw_honours_exclusions()
    {
        var v = Random(2000, 16, 8);
        var hnsw = new HnswIndex(v, 16);
        var q = v.AsSpan(0, 16).ToArray();
        Assert.Equal(0, hnsw.TopK(q, 1)[0].Id);
        var hits = hnsw.TopK(q, 10, i => i < 1000);
        Assert.Equal(10, hits.Length);
        Assert.All(hits, h => Assert.True(h.Id >= 1000));
    }

    [Fact]
    public void Top_k_heap_keeps_the_best_in_order()
    {
        var heap = new TopKHeap(3);
        float[] scores = [0.1f, 0.9f, 0.5f, 0.9f, 0.3f, 0.7f];
        for (int i = 0; i < scores.Length; i++)
            heap.Add(i, scores[i]);
        Assert.Equal([1, 3, 5], heap.ToSortedArray().Select(n => n.Id));
    }
}
