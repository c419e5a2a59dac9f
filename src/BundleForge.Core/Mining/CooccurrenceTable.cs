using BundleForge.Data;

namespace BundleForge.Mining;

/// <summary>Pair co-purchase counts precomputed from the baskets, so frequently-bought-together queries at serving
/// time are a few array reads instead of a re-mine: per item its basket count and its top-M partners by co-purchase
/// count (ties: smaller id), in compressed sparse rows.</summary>
public sealed class CooccurrenceTable
{
    public CooccurrenceTable(int transactions, int[] itemCounts, int[] offsets, int[] neighbors, int[] pairCounts, int neighborsPerItem)
    {
        if (offsets.Length != itemCounts.Length + 1 || offsets[^1] != neighbors.Length || neighbors.Length != pairCounts.Length)
            throw new ArgumentException("Inconsistent co-occurrence arrays.");
        Transactions = transactions;
        ItemCounts = itemCounts;
        Offsets = offsets;
        Neighbors = neighbors;
        PairCounts = pairCounts;
        NeighborsPerItem = neighborsPerItem;
    }

    /// <summary>Number of baskets (empty ones included).</summary>
    public int Transactions { get; }
    /// <summary>Baskets containing each item.</summary>
    public int[] ItemCounts { get; }
    public int[] Offsets { get; }
    public int[] Neighbors { get; }
    public int[] PairCounts { get; }
    /// <summary>The M of top-M: at most this many partners are kept per item.</summary>
    public int NeighborsPerItem { get; }
    public int ItemCount => ItemCounts.Length;

    /// <summary>Partners of <paramref name="item"/>, most co-purchased first.</summary>
    public ReadOnlySpan<int> NeighborsOf(int item) => Neighbors.AsSpan(Offsets[item], Offsets[item + 1] - Offsets[item]);

    /// <summary>Co-purchase counts aligned with <see cref="NeighborsOf"/>.</summary>
    public ReadOnlySpan<int> PairCountsOf(int item) => PairCounts.AsSpan(Offsets[item], Offsets[item + 1] - Offsets[item]);

    /// <summary>Baskets holding both items, when <paramref name="b"/> is among <paramref name="a"/>'s kept partners; else 0.</summary>
    public int PairCount(int a, int b)
    {
        var n = NeighborsOf(a);
        int i = n.IndexOf(b);
        return i < 0 ? 0 : PairCountsOf(a)[i];
    }

    /// <summary>Counts every pair (<see cref="ItemCooccurrence.Build"/>) and keeps each item's top
    /// <paramref name="neighborsPerItem"/> partners seen at least <paramref name="minPairCount"/> times.</summary>
    public static CooccurrenceTable Build(BasketSet baskets, int itemCount, int neighborsPerItem = 100, int minPairCount = 1,
        IProgress<ProgressUpdate>? progress = null, CancellationToken cancellation = default)
    {
        if (neighborsPerItem < 1)
            throw new DataException($"The number of neighbours per item must be at least 1 (got {neighborsPerItem}).", field: "neighbors");
        if (minPairCount < 1)
            throw new DataException($"The minimum pair count must be at least 1 (got {minPairCount}).");
        return From(ItemCooccurrence.Build(baskets, itemCount, progress: progress, cancellation: cancellation), neighborsPerItem, minPairCount);
    }

    /// <summary>Each item's top <paramref name="neighborsPerItem"/> partners of <paramref name="counts"/> (count
    /// descending, then id ascending), those seen fewer than <paramref name="minPairCount"/> times left out.</summary>
    public static CooccurrenceTable From(ItemCooccurrence counts, int neighborsPerItem, int minPairCount = 1)
    {
        int itemCount = counts.ItemCount;
        var offsets = new int[itemCount + 1];
        for (int a = 0; a < itemCount; a++)
        {
            int kept = 0;
            foreach (int c in counts.CountsOf(a))
                if (c >= minPairCount)
                    kept++;
            offsets[a + 1] = offsets[a] + Math.Min(neighborsPerItem, kept);
        }
        var neighbors = new int[offsets[itemCount]];
        var pairCounts = new int[offsets[itemCount]];
        Parallel.For(0, itemCount, a =>
        {
            var ns = counts.NeighborsOf(a);
            var cs = counts.CountsOf(a);
            int kept = 0;
            foreach (int c in cs)
                if (c >= minPairCount)
                    kept++;
            // Sort key: count descending, then id ascending, packed so one sort does it.
            var keys = new long[kept];
            kept = 0;
            for (int k = 0; k < ns.Length; k++)
                if (cs[k] >= minPairCount)
                    keys[kept++] = ((long)cs[k] << 32) | (uint)(int.MaxValue - ns[k]);
            Array.Sort(keys);
            int m = offsets[a + 1] - offsets[a];
            for (int j = 0; j < m; j++)
            {
                long key = keys[keys.Length - 1 - j];
                pairCounts[offsets[a] + j] = (int)(key >> 32);
                neighbors[offsets[a] + j] = int.MaxValue - (int)(key & 0xFFFFFFFF);
            }
        });
        return new CooccurrenceTable(counts.BasketCount, counts.ItemCounts, offsets, neighbors, pairCounts, neighborsPerItem);
    }
}
