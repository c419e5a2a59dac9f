using System.Runtime.CompilerServices;
using BundleForge.Data;

namespace BundleForge.Mining;

/// <summary>Item support counts and the frequent items re-ranked by descending count (ties: smaller dense id first),
/// the order FP-trees are built in.</summary>
internal sealed class ItemRanking
{
    private ItemRanking(int[] count, int[] rankOf, int[] itemOfRank, int[] countOfRank, long frequentOccurrences)
    {
        Count = count;
        RankOf = rankOf;
        ItemOfRank = itemOfRank;
        CountOfRank = countOfRank;
        FrequentOccurrences = frequentOccurrences;
    }

    /// <summary>Baskets containing each dense item (a duplicate inside a basket counts once).</summary>
    public int[] Count { get; }
    /// <summary>Rank of each dense item, -1 when infrequent.</summary>
    public int[] RankOf { get; }
    public int[] ItemOfRank { get; }
    public int[] CountOfRank { get; }
    public int FrequentCount => ItemOfRank.Length;
    /// <summary>Occurrences of frequent items over all baskets (the size of the ranked transactions).</summary>
    public long FrequentOccurrences { get; }

    public static ItemRanking Build(BasketSet baskets, int itemCount, int minCount)
    {
        var count = CountItems(baskets, itemCount);
        int f = 0;
        for (int i = 0; i < itemCount; i++)
            if (count[i] >= minCount)
                f++;
        var items = new int[f];
        for (int i = 0, k = 0; i < itemCount; i++)
            if (count[i] >= minCount)
                items[k++] = i;
        Array.Sort(items, (a, b) => count[a] != count[b] ? count[b].CompareTo(count[a]) : a.CompareTo(b));
        var rankOf = new int[itemCount];
        Array.Fill(rankOf, -1);
        var countOfRank = new int[f];
        long occurrences = 0;
        for (int r = 0; r < f; r++)
        { rankOf[items[r]] = r; countOfRank[r] = count[items[r]]; occurrences += count[items[r]]; }
        return new ItemRanking(count, rankOf, items, countOfRank, occurrences);
    }

    /// <summary>Per-item basket counts; validates that every id is inside the catalog.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] CountItems(BasketSet baskets, int itemCount)
    {
        var count = new int[itemCount];
        var seen = new int[itemCount];
        Array.Fill(seen, -1);
        var items = baskets.Items;
        var offsets = baskets.Offsets;
        for (int b = 0; b < baskets.Count; b++)
            for (int k = offsets[b]; k < offsets[b + 1]; k++)
            {
                int i = items[k];
                if ((uint)i >= (uint)itemCount)
                    throw new ArgumentOutOfRangeException(nameof(baskets), $"Item id {i} is outside the catalog of {itemCount} items.");
                if (seen[i] == b)
                    continue;
                seen[i] = b;
                count[i]++;
            }
        return count;
    }
}
