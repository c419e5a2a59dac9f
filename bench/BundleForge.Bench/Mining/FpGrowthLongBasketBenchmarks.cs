using BenchmarkDotNet.Attributes;
using BundleForge.Data;
using BundleForge.Mining;

namespace BundleForge.Bench.Mining;

/// <summary>The shape that sinks popular miners: 50,000 ordinary baskets of 1–8 items plus six baskets of 120+ items
/// drawn from the same 200 popular items. Any three long baskets share ~40 items, so without a bound the number of
/// frequent itemsets at min count 3 is astronomical; <c>--max-size</c> bounds the work (the benchmark shows how).</summary>
[MemoryDiagnoser]
public class FpGrowthLongBasketBenchmarks
{
    private BasketSet _baskets = null!;
    private const int Items = 5000;

    [Params(2, 3, 4)]
    public int MaxSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new SeededRandom(7);
        var lists = new List<int[]>();
        for (int b = 0; b < 50_000; b++)
        {
            int size = 1 + rng.NextInt(8);
            var basket = new int[size];
            // Zipf-like popularity: small ids are popular.
            for (int k = 0; k < size; k++)
                basket[k] = (int)Math.Min(Items - 1, Math.Floor(Math.Pow(rng.NextDouble(), 3) * Items));
            lists.Add(basket);
        }
        for (int b = 0; b < 6; b++)
        {
            var order = Enumerable.Range(0, 200).ToArray();
            rng.Shuffle(order.AsSpan());
            lists.Add(order[..(120 + 10 * b)]);
        }
        _baskets = BasketSet.FromLists(lists);
    }

    [Benchmark]
    public long MineWithMaxSize() =>
        new FpGrowthMiner().Mine(_baskets, Items, new MiningOptions { MinCount = 3, MaxSize = MaxSize }, null).Itemsets;
}
