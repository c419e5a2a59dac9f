using BundleForge.Artifacts;

namespace BundleForge.Recommendation;

/// <summary>The recent orders of every known user, keyed by pseudonymous key (sorted by key): what the served
/// next-basket ranker reads a user's repeat purchases from.</summary>
public sealed class UserOrders
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Users <paramref name="keys"/>; user u's orders are <c>userOffsets[u]..userOffsets[u+1]</c>, order o
    /// holds <c>items[orderOffsets[o]..orderOffsets[o+1]]</c> bought at <c>times[o]</c>.</summary>
    public UserOrders(string[] keys, int[] userOffsets, int[] orderOffsets, int[] items, long[] times)
    {
        if (userOffsets.Length != keys.Length + 1 || orderOffsets.Length != times.Length + 1 || userOffsets[^1] != times.Length || orderOffsets[^1] != items.Length)
            throw new ArgumentException("The offsets must match the users, orders and items.");
        Keys = keys;
        UserOffsets = userOffsets;
        OrderOffsets = orderOffsets;
        Items = items;
        Times = times;
        _index = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        for (int u = 0; u < keys.Length; u++)
            _index[keys[u]] = u;
    }

    /// <summary>Pseudonymous keys, sorted.</summary>
    public string[] Keys { get; }
    /// <summary>First order of each user, plus one.</summary>
    public int[] UserOffsets { get; }
    /// <summary>First item of each order, plus one.</summary>
    public int[] OrderOffsets { get; }
    /// <summary>Items of all orders.</summary>
    public int[] Items { get; }
    /// <summary>Unix seconds of each order.</summary>
    public long[] Times { get; }
    /// <summary>Users.</summary>
    public int Count => Keys.Length;

    /// <summary>True when the user has orders here.</summary>
    public bool Contains(string key) => _index.ContainsKey(key);

    /// <summary>The user's orders, oldest first (empty for an unknown user).</summary>
    public OrderHistory HistoryOf(string key)
    {
        if (!_index.TryGetValue(key, out var u))
            return OrderHistory.Empty;
        int first = UserOffsets[u], end = UserOffsets[u + 1];
        var offsets = new int[end - first + 1];
        int start = OrderOffsets[first];
        for (int o = first; o < end; o++)
            offsets[o - first + 1] = OrderOffsets[o + 1] - start;
        return new OrderHistory(offsets, Items[start..OrderOffsets[end]], Times[first..end]);
    }

    /// <summary>Builds the store from each user's history (users without orders are left out).</summary>
    public static UserOrders From(IEnumerable<(string Key, OrderHistory History)> users)
    {
        var rows = users.Where(r => r.History.Count > 0).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var keys = new string[rows.Count];
        var userOffsets = new int[rows.Count + 1];
        var orderOffsets = new List<int> { 0 };
        var items = new List<int>();
        var times = new List<long>();
        for (int u = 0; u < rows.Count; u++)
        {
            keys[u] = rows[u].Key;
            var h = rows[u].History;
            for (int o = 0; o < h.Count; o++)
            {
                foreach (var i in h[o])
                    items.Add(i);
                orderOffsets.Add(items.Count);
                times.Add(h.Times[o]);
            }
            userOffsets[u + 1] = times.Count;
        }
        return new UserOrders(keys, userOffsets, orderOffsets.ToArray(), items.ToArray(), times.ToArray());
    }

    /// <summary>The same store without the given users.</summary>
    public UserOrders Without(IReadOnlySet<string> keys)
    {
        var kept = new List<(string, OrderHistory)>(Count);
        foreach (var k in Keys)
            if (!keys.Contains(k))
                kept.Add((k, HistoryOf(k)));
        return From(kept);
    }

    internal void Write(ArtifactWriter w)
    {
        w.WriteNullableStrings(Keys);
        w.WriteArray<int>(UserOffsets);
        w.WriteArray<int>(OrderOffsets);
        w.WriteArray<int>(Items);
        w.WriteArray<long>(Times);
    }

    internal static UserOrders Read(ArtifactReader r, int itemCount)
    {
        var keys = r.ReadNullableStrings();
        var userOffsets = r.ReadArray<int>();
        var orderOffsets = r.ReadArray<int>();
        var items = r.ReadArray<int>();
        var times = r.ReadArray<long>();
        if (keys.Any(k => k is null) || userOffsets.Length != keys.Length + 1 || orderOffsets.Length != times.Length + 1)
            throw r.Corrupt("the user orders do not match their offsets");
        r.ExpectOffsets(userOffsets, times.Length, "user");
        r.ExpectOffsets(orderOffsets, items.Length, "order");
        r.ExpectIds(items, itemCount, "order item");
        return new UserOrders(keys!, userOffsets, orderOffsets, items, times);
    }
}
