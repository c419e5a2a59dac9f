using BenchmarkDotNet.Attributes;
using BundleForge.Embeddings;

namespace BundleForge.Bench;

/// <summary>Exact top-10 cosine search over 100k 64-dimensional vectors on one core (the serial path; the target is
/// well under a millisecond per query), against a plain float scan of the same rows as the reference.</summary>
[MemoryDiagnoser]
public class ExactCosineTopKBenchmark
{
    private const int Rows = 100_000, Dimensions = 64;
    private ExactCosineIndex _exact = null!;
    private float[] _unitRows = null!;
    private float[][] _queries = null!;
    private readonly Neighbor[] _results = new Neighbor[10];
    private int _next;

    /// <summary>uniform: independent random vectors; clustered: 200 clusters with noise (closer to real item vectors,
    /// more rows near the k-th score).</summary>
    [Params("uniform", "clustered")]
    public string Data { get; set; } = "uniform";

    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(1);
        var data = new float[Rows * Dimensions];
        if (Data == "uniform")
            for (int i = 0; i < data.Length; i++)
                data[i] = (float)(random.NextDouble() * 2 - 1);
        else
        {
            var centres = new float[200 * Dimensions];
            for (int i = 0; i < centres.Length; i++)
                centres[i] = (float)(random.NextDouble() * 2 - 1);
            for (int r = 0; r < Rows; r++)
            {
                int c = random.NextInt(200);
                for (int d = 0; d < Dimensions; d++)
                    data[r * Dimensions + d] = centres[c * Dimensions + d] + (float)(random.NextDouble() - 0.5) * 0.5f;
            }
        }
        _exact = new ExactCosineIndex(data, Dimensions, parallelRows: int.MaxValue);
        _unitRows = VectorMath.NormalizeRows(data, Dimensions);
        _queries = new float[64][];
        for (int q = 0; q < _queries.Length; q++)
        {
            // queries near stored rows, as in "similar items"
            _queries[q] = new float[Dimensions];
            int row = random.NextInt(Rows);
            for (int d = 0; d < Dimensions; d++)
                _queries[q][d] = data[row * Dimensions + d] + (float)(random.NextDouble() - 0.5) * 0.2f;
        }
    }

    /// <summary>The index: int8 VNNI first pass, exact float rescore, result written into a reused span.</summary>
    [Benchmark]
    public int ExactTop10() => _exact.TopK(_queries[_next++ & 63], _results);

    /// <summary>Reference: a float dot product per row into the same bounded heap (what the index did before).</summary>
    [Benchmark(Baseline = true)]
    public int FloatScanTop10()
    {
        var q = _queries[_next++ & 63].ToArray();
        VectorMath.NormalizeInPlace(q);
        var heap = new TopKHeap(10);
        for (int r = 0; r < Rows; r++)
        {
            float s = System.Numerics.Tensors.TensorPrimitives.Dot(_unitRows.AsSpan(r * Dimensions, Dimensions), q);
            if (s > heap.Threshold)
                heap.Add(r, s);
        }
        return heap.CopySortedTo(_results);
    }
}
