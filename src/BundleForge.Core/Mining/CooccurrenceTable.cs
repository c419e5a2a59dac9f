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

    /// <summary>Counts every pair in one pass per item over an inverted index (work: Σ basket size²), in parallel.</summary>
    public static CooccurrenceTable Build(BasketSet baskets, int itemCount, int neighborsPerItem = 100, int minPairCount = 1,
        IProgress<ProgressUpdate>? progress = null, CancellationToken cancellation = default)
    {
        if (neighborsPerItem < 1) throw new DataException($"The number of neighbours per item must be at least 1 (got {neighborsPerItem}).", field: "neighbors");
        if (minPairCount < 1) throw new DataException($"The minimum pair count must be at least 1 (got {minPairCount}).");
        var itemCounts = ItemRanking.CountItems(baskets, itemCount);

        // Inverted index item -> baskets (each basket once per item).
        var invOffsets = new int[itemCount + 1];
        for (int i = 0; i < itemCount; i++) invOffsets[i + 1] = invOffsets[i] + itemCounts[i];
        var invBaskets = new int[invOffsets[itemCount]];
        var fill = new int[itemCount];
        for (int b = 0; b < baskets.Count; b++)
            foreach (int i in baskets[b])
            {
                int at = invOffsets[i] + fill[i];
                if (fill[i] > 0 && invBaskets[at - 1] == b) continue;
                invBaskets[at] = b;
                fill[i]++;
            }

        var lists = new int[itemCount][];
        var counts = new int[itemCount][];
        int done = 0;
        Parallel.For(0, itemCount, new ParallelOptions { CancellationToken = cancellation },
            () => new PairScratch(itemCount),
            (a, _, s) =>
            {
                s.Touched.Clear();
                for (int k = invOffsets[a]; k < invOffsets[a + 1]; k++)
                {
                    int b = invBaskets[k];
                    foreach (int c in baskets[b])
                    {
                        if (c == a || s.Seen[c] == b) continue;
                        s.Seen[c] = b;
                        if (s.Count[c]++ == 0) s.Touched.Add(c);
                    }
                }
                int kept = 0;
                foreach (int c in s.Touched) if (s.Count[c] >= minPairCount) kept++;
                var keys = new long[kept];
                kept = 0;
                foreach (int c in s.Touched)
                {
                    // Sort key: count descending, then id ascending, packed so one Array.Sort does it.
                    if (s.Count[c] >= minPairCount) keys[kept++] = ((long)s.Count[c] << 32) | (uint)(int.MaxValue - c);
                    s.Count[c] = 0;
                    s.Seen[c] = -1;
                }
                Array.Sort(keys);
                int m = Math.Min(neighborsPerItem, keys.Length);
                var ns = new int[m];
                var cs = new int[m];
                for (int j = 0; j < m; j++)
                {
                    long key = keys[keys.Length - 1 - j];
                    cs[j] = (int)(key >> 32);
                    ns[j] = int.MaxValue - (int)(key & 0xFFFFFFFF);
                }
                lists[a] = ns;
                counts[a] = cs;
                int d = Interlocked.Increment(ref done);
                if ((d & 1023) == 0) progress?.Report(new ProgressUpdate("Co-occurrence", (double)d / itemCount, null));
                return s;
            },
            _ => { });

        var offsets = new int[itemCount + 1];
        for (int i = 0; i < itemCount; i++) offsets[i + 1] = offsets[i] + lists[i].Length;
        var neighbors = new int[offsets[itemCount]];
        var pairCounts = new int[offsets[itemCount]];
        for (int i = 0; i < itemCount; i++)
        {
            lists[i].CopyTo(neighbors, offsets[i]);
            counts[i].CopyTo(pairCounts, offsets[i]);
        }
        return new CooccurrenceTable(baskets.Count, itemCounts, offsets, neighbors, pairCounts, neighborsPerItem);
    }

    private sealed class PairScratch
    {
        public PairScratch(int itemCount)
        {
            Count = new int[itemCount];
            Seen = new int[itemCount];
            Array.Fill(Seen, -1);
        }

        public readonly int[] Count;
        public readonly int[] Seen;
        public readonly List<int> Touched = [];
    }
}
