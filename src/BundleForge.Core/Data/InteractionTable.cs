namespace BundleForge.Data;

/// <summary>Every kept event as parallel arrays, sorted by user, then time, then order. Anonymous rows have user -1
/// and come first.</summary>
public sealed class InteractionTable
{
    public InteractionTable(int[] user, int[] item, long[] time, int[] order, EventKind[] kind, float[] quantity, float[] price)
    {
        int n = user.Length;
        if (item.Length != n || time.Length != n || order.Length != n || kind.Length != n || quantity.Length != n || price.Length != n)
            throw new ArgumentException("All interaction columns must have the same length.");
        User = user;
        Item = item;
        Time = time;
        Order = order;
        Kind = kind;
        Quantity = quantity;
        Price = price;
    }

    public int Count => User.Length;
    /// <summary>Dense user id, -1 when the row has no user.</summary>
    public int[] User { get; }
    /// <summary>Dense item id.</summary>
    public int[] Item { get; }
    /// <summary>Unix seconds (ordinal for formats without time).</summary>
    public long[] Time { get; }
    /// <summary>Dense basket index into <see cref="Dataset.Baskets"/> for purchases, -1 otherwise.</summary>
    public int[] Order { get; }
    public EventKind[] Kind { get; }
    public float[] Quantity { get; }
    /// <summary>Unit price paid; NaN when unknown.</summary>
    public float[] Price { get; }
}
