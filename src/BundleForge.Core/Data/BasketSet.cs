namespace BundleForge.Data;

/// <summary>Purchase baskets (orders) in compressed sparse rows: basket <c>b</c> holds the distinct dense item ids
/// <c>Items[Offsets[b]..Offsets[b+1]]</c>, sorted ascending.</summary>
public sealed class BasketSet
{
    public BasketSet(int[] offsets, int[] items, int[] user, long[] time)
    {
        if (offsets.Length == 0 || offsets[0] != 0 || offsets[^1] != items.Length)
            throw new ArgumentException("Offsets must start at 0 and end at items.Length.", nameof(offsets));
        if (user.Length != offsets.Length - 1 || time.Length != offsets.Length - 1)
            throw new ArgumentException("One user and one time per basket.", nameof(user));
        Offsets = offsets;
        Items = items;
        User = user;
        Time = time;
    }

    /// <summary>Number of baskets.</summary>
    public int Count => Offsets.Length - 1;

    /// <summary>Row offsets, length <see cref="Count"/> + 1.</summary>
    public int[] Offsets { get; }

    /// <summary>Dense item ids of all baskets, concatenated.</summary>
    public int[] Items { get; }

    /// <summary>Dense user id per basket, -1 for an anonymous basket.</summary>
    public int[] User { get; }

    /// <summary>Unix seconds per basket (for formats without time: the basket's ordinal).</summary>
    public long[] Time { get; }

    /// <summary>The items of basket <paramref name="basket"/>.</summary>
    public ReadOnlySpan<int> this[int basket] => Items.AsSpan(Offsets[basket], Offsets[basket + 1] - Offsets[basket]);

    /// <summary>Size of basket <paramref name="basket"/>.</summary>
    public int SizeOf(int basket) => Offsets[basket + 1] - Offsets[basket];

    /// <summary>Builds a basket set from item lists (tests, generators); items are de-duplicated and sorted.</summary>
    public static BasketSet FromLists(IReadOnlyList<int[]> baskets, int[]? user = null, long[]? time = null)
    {
        var offsets = new int[baskets.Count + 1];
        var items = new List<int>();
        for (int b = 0; b < baskets.Count; b++)
        {
            var sorted = baskets[b].Distinct().Order().ToArray();
            items.AddRange(sorted);
            offsets[b + 1] = items.Count;
        }
        user ??= Enumerable.Repeat(-1, baskets.Count).ToArray();
        time ??= Enumerable.Range(0, baskets.Count).Select(i => (long)i).ToArray();
        return new BasketSet(offsets, items.ToArray(), user, time);
    }

    /// <summary>A new basket set holding only the baskets whose index satisfies <paramref name="keep"/>.</summary>
    public BasketSet Where(Func<int, bool> keep)
    {
        var offsets = new List<int>(Count + 1) { 0 };
        var items = new List<int>(Items.Length);
        var user = new List<int>(Count);
        var time = new List<long>(Count);
        for (int b = 0; b < Count; b++)
        {
            if (!keep(b))
                continue;
            foreach (var i in this[b])
                items.Add(i);
            offsets.Add(items.Count);
            user.Add(User[b]);
            time.Add(Time[b]);
        }
        return new BasketSet(offsets.ToArray(), items.ToArray(), user.ToArray(), time.ToArray());
    }
}
