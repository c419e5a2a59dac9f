using BenchmarkDotNet.Attributes;
using BundleForge.Embeddings;

namespace BundleForge.Bench;

/// <summary>Exact top-10 cosine search over 100k random 64-dimensional vectors on one core (the serial scan path),
/// (the single-core latency target: well under a millisecond per query).</summary>
[MemoryDiagnoser]
public class ExactCosineTopKBenchmark
{
    private const int Rows = 100_000, Dimensions = 64;
    private ExactCosineIndex _exact = null!;
    private float[][] _queries = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var data = new float[Rows * Dimensions];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        _exact = new ExactCosineIndex(data, Dimensions, parallelRows: int.MaxValue);
        _queries = new float[64][];
        for (int q = 0; q < _queries.Length; q++)
        {
            _queries[q] = new float[Dimensions];
            for (int d = 0; d < Dimensions; d++) _queries[q][d] = (float)(random.NextDouble() * 2 - 1);
        }
    }

    [Benchmark]
    public Neighbor[] ExactTop10() => _exact.TopK(_queries[_next++ & 63], 10);
}
