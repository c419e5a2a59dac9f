using BundleForge.Data;

namespace BundleForge.Embeddings;

/// <summary>How often each pair of items shares a basket, as sorted per-item neighbour lists (CSR), plus item
/// basket counts; the evidence for lift, complements and the co-occurrence scorer.</summary>
public sealed class ItemCooccurrence
{
    internal ItemCooccurrence(int basketCount, int[] itemCounts, int[] offsets, int[] neighbors, int[] counts)
    {
        BasketCount = basketCount; ItemCounts = itemCounts; Offsets = offsets; Neighbors = neighbors; Counts = counts;
    }

    public int BasketCount { get; }
    /// <summary>Baskets containing each item.</summary>
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
        if ((uint)a >= (uint)ItemCount || (uint)b >= (uint)ItemCount) return 0;
        int k = NeighborsOf(a).BinarySearch(b);
        return k >= 0 ? Counts[Offsets[a] + k] : 0;
    }

    /// <summary>Expected shared baskets if the two items were bought independently.</summary>
    public double Expected(int a, int b) => BasketCount == 0 ? 0 : (double)ItemCounts[a] * ItemCounts[b] / BasketCount;

    /// <summary>Lift shrunk towards 1 for small counts: (n_ab + κ) / (E_ab + κ).</summary>
    public double ShrunkLift(int a, int b, double pseudoCount) => (Count(a, b) + pseudoCount) / (Expected(a, b) + pseudoCount);

    /// <summary>Counts pairs over <paramref name="baskets"/> for a catalog of <paramref name="itemCount"/> items.</summary>
    public static ItemCooccurrence Build(BasketSet baskets, int itemCount)
    {
        var itemCounts = new int[itemCount];
        foreach (var i in baskets.Items)
        {
            if ((uint)i >= (uint)itemCount) throw new DataException($"Item id {i} is outside the catalog of {itemCount} items.");
            itemCounts[i]++;
        }
        // inverted index item -> baskets
        var postingStart = new int[itemCount + 1];
        for (int i = 0; i < itemCount; i++) postingStart[i + 1] = postingStart[i] + itemCounts[i];
        var postings = new int[baskets.Items.Length];
        var cursor = postingStart[..itemCount];
        for (int b = 0; b < baskets.Count; b++)
            foreach (var i in baskets[b]) postings[cursor[i]++] = b;

        var rowNeighbors = new int[itemCount][];
        var rowCounts = new int[itemCount][];
        Parallel.For(0, itemCount, () => (Counter: new int[itemCount], Touched: new List<int>()), (a, _, local) =>
        {
            var (counter, touched) = local;
            for (int p = postingStart[a]; p < postingStart[a + 1]; p++)
                foreach (var j in baskets[postings[p]])
                {
                    if (j == a) continue;
                    if (counter[j]++ == 0) touched.Add(j);
                }
            touched.Sort();
            var ns = touched.ToArray();
            var cs = new int[ns.Length];
            for (int k = 0; k < ns.Length; k++) { cs[k] = counter[ns[k]]; counter[ns[k]] = 0; }
            touched.Clear();
            rowNeighbors[a] = ns;
            rowCounts[a] = cs;
            return local;
        }, _ => { });
        var offsets = new int[itemCount + 1];
        for (int a = 0; a < itemCount; a++) offsets[a + 1] = checked(offsets[a] + rowNeighbors[a].Length);
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
