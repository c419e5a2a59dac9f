namespace BundleForge.Data;

/// <summary>How often each pair of items shares a basket, as per-item neighbour lists sorted by id (compressed sparse
/// rows), plus item basket counts: the one co-occurrence count every stage reads (frequently bought together, lift
/// and complements, bundle pair scores, the baseline's neighbours).</summary>
public sealed class ItemCooccurrence
{
    internal ItemCooccurrence(int basketCount, int[] itemCounts, int[] offsets, int[] neighbors, int[] counts)
    {
        if (offsets.Length != itemCounts.Length + 1 || offsets[^1] != neighbors.Length || neighbors.Length != counts.Length)
            throw new ArgumentException("Inconsistent co-occurrence arrays.");
        BasketCount = basketCount;
        ItemCounts = itemCounts;
        Offsets = offsets;
        Neighbors = neighbors;
        Counts = counts;
    }

    /// <summary>Number of baskets read (empty ones included).</summary>
    public int BasketCount { get; }
    /// <summary>Baskets containing each item (every basket, whatever its size).</summary>
    public int[] ItemCounts { get; }
    public int[] Offsets { get; }
    public int[] Neighbors { get; }
    public int[] Counts { get; }
    public int ItemCount => ItemCounts.Length;

    /// <summary>Items co-purchased with <paramref name="item"/> (ascending ids).</summary>
    public ReadOnlySpan<int> NeighborsOf(int item) => Neighbors.AsSpan(Offsets[item], Offsets[item + 1] - Offsets[item]);
    /// <summary>Shared-basket counts parallel to <see cref="NeighborsOf"/>.</summary>
    public ReadOnlySpan<int> CountsOf(int item) => Counts.AsSpan(Offsets[item], Offsets[item + 1] - Offsets[item]);

    /// <summary>Baskets holding both items.</summary>
    public int Count(int a, int b)
    {
        if ((uint)a >= (uint)ItemCount || (uint)b >= (uint)ItemCount)
            return 0;
        int k = NeighborsOf(a).BinarySearch(b);
        return k >= 0 ? Counts[Offsets[a] + k] : 0;
    }

    /// <summary>Expected shared baskets if the two items were bought independently.</summary>
    public double Expected(int a, int b) => BasketCount == 0 ? 0 : (double)ItemCounts[a] * ItemCounts[b] / BasketCount;

    /// <summary>Lift shrunk towards 1 for small counts: (n_ab + κ) / (E_ab + κ).</summary>
    public double ShrunkLift(int a, int b, double pseudoCount) => (Count(a, b) + pseudoCount) / (Expected(a, b) + pseudoCount);

    /// <summary>Counts pairs over <paramref name="baskets"/> for a catalog of <paramref name="itemCount"/> items, in one
    /// pass per item over an inverted index (work: Σ basket size²), in parallel. Baskets larger than
    /// <paramref name="maxBasketSize"/> still count towards <see cref="ItemCounts"/> but add no pairs: a wholesale
    /// order of hundreds of lines says little about which items go together and dominates the work.</summary>
    public static ItemCooccurrence Build(BasketSet baskets, int itemCount, int maxBasketSize = int.MaxValue,
        IProgress<ProgressUpdate>? progress = null, CancellationToken cancellation = default)
    {
        if (maxBasketSize < 2)
            throw new DataException($"The largest basket counted for pairs must be at least 2, not {maxBasketSize}.", field: "max_basket_size");
        var itemCounts = new int[itemCount];
        var postingStart = new int[itemCount + 1];
        for (int b = 0; b < baskets.Count; b++)
        {
            var items = baskets[b];
            bool pairs = items.Length >= 2 && items.Length <= maxBasketSize;
            foreach (var i in items)
            {
                if ((uint)i >= (uint)itemCount)
                    throw new DataException($"Item id {i} is outside the catalog of {itemCount} items.");
                itemCounts[i]++;
                if (pairs)
                    postingStart[i + 1]++;
            }
        }
        for (int i = 0; i < itemCount; i++)
            postingStart[i + 1] += postingStart[i];
        var postings = new int[postingStart[itemCount]];
        var cursor = postingStart[..itemCount];
        for (int b = 0; b < baskets.Count; b++)
        {
            var items = baskets[b];
            if (items.Length < 2 || items.Length > maxBasketSize)
                continue;
            foreach (var i in items)
                postings[cursor[i]++] = b;
        }

        // Each item's row is counted independently (baskets hold distinct items), so rows split across threads
        // without locks.
        var rowNeighbors = new int[itemCount][];
        var rowCounts = new int[itemCount][];
        int done = 0;
        Parallel.For(0, itemCount, new ParallelOptions { CancellationToken = cancellation },
            () => (Counter: new int[itemCount], Touched: new List<int>()), (a, _, local) =>
            {
                var (counter, touched) = local;
                for (int p = postingStart[a]; p < postingStart[a + 1]; p++)
                    foreach (var j in baskets[postings[p]])
                    {
                        if (j == a)
                            continue;
                        if (counter[j]++ == 0)
                            touched.Add(j);
                    }
                touched.Sort();
                var ns = touched.ToArray();
                var cs = new int[ns.Length];
                for (int k = 0; k < ns.Length; k++)
                {
                    cs[k] = counter[ns[k]];
                    counter[ns[k]] = 0;
                }
                touched.Clear();
                rowNeighbors[a] = ns;
                rowCounts[a] = cs;
                int d = Interlocked.Increment(ref done);
                if ((d & 1023) == 0)
                    progress?.Report(new ProgressUpdate("Co-occurrence", (double)d / itemCount, null));
                return local;
            }, _ => { });
        var offsets = new int[itemCount + 1];
        for (int a = 0; a < itemCount; a++)
            offsets[a + 1] = checked(offsets[a] + rowNeighbors[a].Length);
        var neighbors = new int[offsets[itemCount]];
        var counts = new int[offsets[itemCount]];
        for (int a = 0; a < itemCount; a++)
        {
            rowNeighbors[a].CopyTo(neighbors, offsets[a]);
            rowCounts[a].CopyTo(counts, offsets[a]);
        }
        return new ItemCooccurrence(baskets.Count, itemCounts, offsets, neighbors, counts);
    }
}
