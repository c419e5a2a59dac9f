using BundleForge.Data;
using BundleForge.Mining;

namespace BundleForge.Core.Tests.Mining;

/// <summary>Random small basket databases and a brute-force reference miner.</summary>
internal static class MiningFixtures
{
    public static BasketSet RandomBaskets(int seed, int items, int baskets, int maxSize, double emptyRate = 0.05)
    {
        var rng = new Random(seed);
        var lists = new List<int[]>(baskets);
        // A skewed item distribution so that some itemsets are frequent and some are not.
        var weight = new double[items];
        for (int i = 0; i < items; i++)
            weight[i] = 1.0 / (1 + i * rng.NextDouble());
        for (int b = 0; b < baskets; b++)
        {
            if (rng.NextDouble() < emptyRate)
            { lists.Add([]); continue; }
            int size = 1 + rng.Next(maxSize);
            var basket = new List<int>();
            for (int s = 0; s < size; s++)
            {
                double total = weight.Sum(), x = rng.NextDouble() * total;
                int pick = 0;
                while (pick < items - 1 && (x -= weight[pick]) > 0)
                    pick++;
                basket.Add(pick);
            }
            lists.Add(basket.ToArray());
        }
        return BasketSet.FromLists(lists);
    }

    /// <summary>Every itemset (as a sorted key string) with support ≥ minCount and size ≤ maxSize, by enumerating all
    /// subsets of the item universe.</summary>
    public static Dictionary<string, int> BruteForce(BasketSet baskets, int items, int minCount, int maxSize = int.MaxValue)
    {
        if (items > 16)
            throw new ArgumentException("Brute force is for small universes.");
        var masks = new int[baskets.Count];
        for (int b = 0; b < baskets.Count; b++)
            foreach (int i in baskets[b])
                masks[b] |= 1 << i;
        var result = new Dictionary<string, int>();
        for (int set = 1; set < 1 << items; set++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)set) > maxSize)
                continue;
            int support = 0;
            foreach (int m in masks)
                if ((m & set) == set)
                    support++;
            if (support < minCount)
                continue;
            var members = new List<int>();
            for (int i = 0; i < items; i++)
                if ((set >> i & 1) != 0)
                    members.Add(i);
            result[string.Join(' ', members)] = support;
        }
        return result;
    }

    public static Dictionary<string, int> Mine(IItemsetMiner miner, BasketSet baskets, int items, int minCount, int maxSize = int.MaxValue, int threads = 1)
    {
        var sink = new DictionarySink();
        var stats = miner.Mine(baskets, items, new MiningOptions { MinCount = minCount, MaxSize = maxSize, MaxDegreeOfParallelism = threads }, sink);
        Assert.Equal(sink.Sets.Count, stats.Itemsets);
        return sink.Sets;
    }

    /// <summary>Collects itemsets as sorted key strings and fails on a duplicate report.</summary>
    public sealed class DictionarySink : IItemsetSink
    {
        public Dictionary<string, int> Sets { get; } = new();

        public void Add(ReadOnlySpan<int> items, int support)
        {
            var sorted = items.ToArray();
            Array.Sort(sorted);
            Assert.Equal(sorted.Length, sorted.Distinct().Count());
            var key = string.Join(' ', sorted);
            Assert.False(Sets.ContainsKey(key), $"itemset {key} reported twice");
            Sets[key] = support;
        }
    }
}
