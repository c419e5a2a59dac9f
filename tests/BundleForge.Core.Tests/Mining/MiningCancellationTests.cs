using BundleForge.Data;
using BundleForge.Mining;

namespace BundleForge.Core.Tests.Mining;

/// <summary>A stop reaches the miners inside their long loops: on dense baskets one first-level item of FP-Growth (or one
/// level of Apriori) holds millions of itemsets, and a miner that checked only between them would run on through
/// all of them.</summary>
public class MiningCancellationTests
{
    /// <summary>200 baskets, each of the 22 items in 90 % of them: at min count 1 nearly every one of the 4 million
    /// subsets is frequent, and the least frequent item's conditional tree alone holds about half of them.</summary>
    private static BasketSet Dense()
    {
        var rng = new SeededRandom(7);
        var baskets = new List<int[]>();
        for (int b = 0; b < 200; b++)
            baskets.Add(Enumerable.Range(0, 22).Where(_ => rng.Chance(0.9)).ToArray());
        return BasketSet.FromLists(baskets);
    }

    /// <summary>Counts itemsets and cancels once it has seen <paramref name="after"/>.</summary>
    private sealed class CancellingSink(CancellationTokenSource source, long after) : IItemsetSink
    {
        public long Count { get; private set; }

        public void Add(ReadOnlySpan<int> items, int support)
        {
            if (++Count == after)
                source.Cancel();
        }
    }

    [Theory]
    [InlineData("fpgrowth", 1, 1_000, 200_000)] // FP-Growth hands itemsets over in batches of 65,536 per thread
    [InlineData("fpgrowth", 2, 1_000, 200_000)]
    [InlineData("apriori", 1, 30_000, 1_000)] // inside level 5 (26,334 itemsets); one joined itemset adds at most 21
    public void A_cancelled_miner_stops_within_a_few_batches_of_itemsets(string algorithm, int threads, long after, long atMostMore)
    {
        using var source = new CancellationTokenSource();
        var sink = new CancellingSink(source, after);
        IItemsetMiner miner = algorithm == "apriori" ? new AprioriMiner() : new FpGrowthMiner { ParallelNodeThreshold = 1 };
        Assert.ThrowsAny<OperationCanceledException>(() =>
            miner.Mine(Dense(), 22, new MiningOptions { MinCount = 1, MaxDegreeOfParallelism = threads }, sink, cancellation: source.Token));
        Assert.True(sink.Count - after < atMostMore, $"{sink.Count:N0} itemsets after the cancellation at {after:N0}");
    }
}
