using BundleForge.Data;

namespace BundleForge.Embeddings;

/// <summary>Per-user chronological item histories rebuilt from baskets (so a training split never sees later purchases).</summary>
public static class BasketHistories
{
    public static UserSequences FromBaskets(BasketSet baskets, int userCount)
    {
        var order = new List<int>();
        for (int b = 0; b < baskets.Count; b++)
            if (baskets.User[b] >= 0 && baskets.User[b] < userCount)
                order.Add(b);
        order.Sort((x, y) =>
        {
            int c = baskets.User[x].CompareTo(baskets.User[y]);
            if (c != 0)
                return c;
            c = baskets.Time[x].CompareTo(baskets.Time[y]);
            return c != 0 ? c : x.CompareTo(y);
        });
        var offsets = new int[userCount + 1];
        foreach (var b in order)
            offsets[baskets.User[b] + 1] += baskets.SizeOf(b);
        for (int u = 0; u < userCount; u++)
            offsets[u + 1] += offsets[u];
        var items = new int[offsets[userCount]];
        var time = new long[items.Length];
        int k = 0;
        foreach (var b in order)
            foreach (var i in baskets[b])
            { items[k] = i; time[k] = baskets.Time[b]; k++; }
        return new UserSequences(offsets, items, time);
    }
}
