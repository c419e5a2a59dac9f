namespace BundleForge.Recommendation;

/// <summary>What a user's own orders say about each item they bought: how many orders held it, when last, and a
/// recency-decayed frequency (each order counting 0.5^(age / half-life), age in days before "now"). The one
/// repeat-purchase statistic: the personal-top baseline ranks by it and the next-basket ranker reads it.</summary>
public sealed class RepeatProfile
{
    private readonly Dictionary<int, int> _index;

    private RepeatProfile(int[] items, int[] orders, double[] lastAgeDays, double[] decayed, bool[] inLastOrder, int orderCount, Dictionary<int, int> index)
    {
        Items = items;
        Orders = orders;
        LastAgeDays = lastAgeDays;
        Decayed = decayed;
        InLastOrder = inLastOrder;
        OrderCount = orderCount;
        _index = index;
    }

    /// <summary>Distinct items bought, in order of first purchase.</summary>
    public int[] Items { get; }
    /// <summary>Orders holding each item.</summary>
    public int[] Orders { get; }
    /// <summary>Days between each item's last purchase and "now".</summary>
    public double[] LastAgeDays { get; }
    /// <summary>Recency-decayed frequency of each item.</summary>
    public double[] Decayed { get; }
    /// <summary>True when the item was in the user's last order.</summary>
    public bool[] InLastOrder { get; }
    /// <summary>The user's orders.</summary>
    public int OrderCount { get; }

    /// <summary>Half-lives the personal-top baseline is tried with on a validation period, in days (the last one is
    /// nearly plain frequency).</summary>
    public static IReadOnlyList<double> PersonalTopHalfLives { get; } = [7, 30, 90, 365, 3650];

    /// <summary>Row of <paramref name="item"/> in the arrays, or −1 when the user never bought it.</summary>
    public int IndexOf(int item) => _index.TryGetValue(item, out var r) ? r : -1;

    /// <summary>The profile of <paramref name="history"/> seen at <paramref name="now"/> (unix seconds).</summary>
    public static RepeatProfile Of(OrderHistory history, long now, double halfLifeDays)
    {
        if (!(halfLifeDays > 0))
            throw new ArgumentOutOfRangeException(nameof(halfLifeDays));
        var index = new Dictionary<int, int>();
        var items = new List<int>();
        var orders = new List<int>();
        var last = new List<double>();
        var decayed = new List<double>();
        var inLast = new List<bool>();
        for (int o = 0; o < history.Count; o++)
        {
            double age = Math.Max(0, (now - history.Times[o]) / 86_400.0);
            double w = Math.Pow(0.5, age / halfLifeDays);
            bool isLast = o == history.Count - 1;
            foreach (var i in history[o])
            {
                if (!index.TryGetValue(i, out var r))
                {
                    r = items.Count;
                    index[i] = r;
                    items.Add(i);
                    orders.Add(0);
                    last.Add(age);
                    decayed.Add(0);
                    inLast.Add(false);
                }
                orders[r]++;
                last[r] = age;
                decayed[r] += w;
                inLast[r] = isLast;
            }
        }
        return new RepeatProfile(items.ToArray(), orders.ToArray(), last.ToArray(), decayed.ToArray(), inLast.ToArray(), history.Count, index);
    }

    /// <summary>Writes the bought items by decayed frequency, most first (ties to the smaller id), into
    /// <paramref name="top"/> (as many as fit): the personal-top list before its popular fill. Returns how many.</summary>
    public int WriteRanked(Span<int> top)
    {
        var order = new int[Items.Length];
        for (int r = 0; r < order.Length; r++)
            order[r] = r;
        Array.Sort(order, (a, b) => Decayed[a] != Decayed[b] ? Decayed[b].CompareTo(Decayed[a]) : Items[a].CompareTo(Items[b]));
        int n = 0;
        for (int r = 0; r < order.Length && n < top.Length; r++)
            top[n++] = Items[order[r]];
        return n;
    }
}
