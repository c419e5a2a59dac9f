namespace BundleForge.Data;

/// <summary>Items ordered by how many baskets hold them, most first, ties by the smaller dense id (reproducible).</summary>
public static class PopularityOrder
{
    /// <summary><paramref name="items"/> in popularity order under <paramref name="itemCounts"/>.</summary>
    public static int[] Of(int[] itemCounts, IEnumerable<int> items)
    {
        var a = items.ToArray();
        Array.Sort(a, (x, y) => itemCounts[x] != itemCounts[y] ? itemCounts[y].CompareTo(itemCounts[x]) : x.CompareTo(y));
        return a;
    }
}
