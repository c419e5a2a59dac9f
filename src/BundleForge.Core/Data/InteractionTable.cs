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

    /// <summary>The rows <paramref name="rows"/>, in that order, with users renumbered through
    /// <paramref name="userMap"/> (old dense id → new; null keeps them) and purchases' baskets through
    /// <paramref name="basketMap"/> (old basket index → new): the one way a dataset is cut down (a period, erasure).</summary>
    public InteractionTable Select(List<int> rows, int[]? userMap, int[] basketMap)
    {
        int n = rows.Count;
        var user = new int[n];
        var item = new int[n];
        var time = new long[n];
        var order = new int[n];
        var kind = new EventKind[n];
        var quantity = new float[n];
        var price = new float[n];
        for (int x = 0; x < n; x++)
        {
            int r = rows[x];
            user[x] = User[r] < 0 || userMap is null ? User[r] : userMap[User[r]];
            item[x] = Item[r];
            time[x] = Time[r];
            order[x] = Order[r] < 0 ? -1 : basketMap[Order[r]];
            kind[x] = Kind[r];
            quantity[x] = Quantity[r];
            price[x] = Price[r];
        }
        return new InteractionTable(user, item, time, order, kind, quantity, price);
    }
}
