using BenchmarkDotNet.Attributes;
using BundleForge.Data;
using BundleForge.Mining;

namespace BundleForge.Bench.Mining;

/// <summary>FP-Growth in-process on the FIMI retail.dat benchmark (88,162 baskets) at the supports of issue 3; the
/// whole-process figures are in docs/BENCHMARKS.md. The file is read from <c>BUNDLEFORGE_SHARED</c>, or
/// <c>../shared</c> beside the clone.</summary>
[MemoryDiagnoser]
public class RetailMiningBenchmarks
{
    private BasketSet _baskets = null!;
    private int _items;

    [Params(0.01, 0.001, 0.0005, 0.0001)]
    public double MinSupport { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (baskets, ids) = FimiBasketReader.Read(SharedData.PathOf("data/fimi/retail.dat"));
        _baskets = baskets;
        _items = ids.Length;
    }

    [Benchmark]
    public long FpGrowth() => new FpGrowthMiner().Mine(_baskets, _items,
        new MiningOptions { MinCount = SupportThreshold.Resolve(MinSupport, null, _baskets.Count), MaxDegreeOfParallelism = Threads }, null).Itemsets;
}
