using BundleForge.Data;

namespace BundleForge.Recommendation;

/// <summary>One user's past orders, oldest first, as compressed rows: order o holds the distinct items
/// <c>Items[Offsets[o]..Offsets[o + 1]]</c> bought at <c>Times[o]</c> (unix seconds).</summary>
public sealed class OrderHistory
{
    /// <summary>A history over the given rows (offsets start at 0 and end at the item count; times ascending).</summary>
    public OrderHistory(int[] offsets, int[] items, long[] times)
    {
        if (offsets.Length != times.Length + 1 || offsets[0] != 0 || offsets[^1] > items.Length)
            throw new ArgumentException("One offset per order plus one, within the items.", nameof(offsets));
        Offsets = offsets;
        Items = items;
        Times = times;
    }

    /// <summary>A user with no orders.</summary>
    public static OrderHistory Empty { get; } = new([0], [], []);

    /// <summary>Row offsets, one more than <see cref="Count"/>.</summary>
    public int[] Offsets { get; }
    /// <summary>Items of all orders, concatenated.</summary>
    public int[] Items { get; }
    /// <summary>Unix seconds of each order, ascending.</summary>
    public long[] Times { get; }
    /// <summary>Orders.</summary>
    public int Count => Times.Length;

    /// <summary>The items of order <paramref name="order"/>.</summary>
    public ReadOnlySpan<int> this[int order] => Items.AsSpan(Offsets[order], Offsets[order + 1] - Offsets[order]);

    /// <summary>The orders <paramref name="baskets"/>[<paramref name="indices"/>] (chronological), items mapped through
    /// <paramref name="itemMap"/> when given (items mapped to −1 are left out).</summary>
    public static OrderHistory Of(BasketSet baskets, ReadOnlySpan<int> indices, int[]? itemMap = null)
    {
        var offsets = new int[indices.Length + 1];
        var times = new long[indices.Length];
        int total = 0;
        foreach (var b in indices)
            total += baskets.SizeOf(b);
        var items = new int[total];
        int at = 0;
        for (int o = 0; o < indices.Length; o++)
        {
            foreach (var i in baskets[indices[o]])
            {
                int mapped = itemMap is null ? i : itemMap[i];
                if (mapped >= 0)
                    items[at++] = mapped;
            }
            offsets[o + 1] = at;
            times[o] = baskets.Time[indices[o]];
        }
        return new OrderHistory(offsets, items, times);
    }
}
