using BundleForge.Artifacts;
using BundleForge.Data;

namespace BundleForge.Recommendation;

/// <summary>What the orders up to "now" say about each item, for the next-basket ranker: popularity over the whole
/// history and over its last <see cref="RecentDays"/> days (as log shares of orders, so the scale does not depend on
/// the size of the shop), how often its buyers came back for it, and its strongest co-purchase partners with
/// P(partner | item) from the one co-occurrence count.</summary>
public sealed class ItemSignals
{
    private ItemSignals(long now, int recentDays, float[] popularity, float[] recentPopularity, float[] repeatRate, int[] buyers, int[] rebuyers,
        int[] partnerOffsets, int[] partners, float[] partnerProbability, int[] popularOrder, int[] recentOrder, float[] logPrice, float[] weekPopularity)
    {
        LogPrice = logPrice;
        WeekPopularity = weekPopularity;
        Now = now;
        RecentDays = recentDays;
        Popularity = popularity;
        RecentPopularity = recentPopularity;
        RepeatRate = repeatRate;
        Buyers = buyers;
        Rebuyers = rebuyers;
        PartnerOffsets = partnerOffsets;
        Partners = partners;
        PartnerProbability = partnerProbability;
        PopularOrder = popularOrder;
        RecentOrder = recentOrder;
    }

    /// <summary>The time the signals were measured at (the end of the history, unix seconds).</summary>
    public long Now { get; }
    /// <summary>Days counted by <see cref="RecentPopularity"/>.</summary>
    public int RecentDays { get; }
    /// <summary>log((orders holding the item + 1) / (orders + 1)).</summary>
    public float[] Popularity { get; }
    /// <summary>The same over the last <see cref="RecentDays"/> days.</summary>
    public float[] RecentPopularity { get; }
    /// <summary>(buyers who bought the item in two or more orders + 1) / (buyers + 2): how repeatable it is.</summary>
    public float[] RepeatRate { get; }
    /// <summary>Distinct known users who bought each item.</summary>
    public int[] Buyers { get; }
    /// <summary>Known users who bought each item in two or more orders.</summary>
    public int[] Rebuyers { get; }
    /// <summary>Row offsets of the co-purchase partners.</summary>
    public int[] PartnerOffsets { get; }
    /// <summary>Each item's co-purchase partners, strongest first.</summary>
    public int[] Partners { get; }
    /// <summary>P(partner | item): orders holding both ÷ orders holding the item.</summary>
    public float[] PartnerProbability { get; }
    /// <summary>The most popular items of the whole history, most first.</summary>
    public int[] PopularOrder { get; }
    /// <summary>The most popular items of the recent days, most first.</summary>
    public int[] RecentOrder { get; }
    /// <summary>The popularity of the last seven days (a log share, as <see cref="Popularity"/>): against
    /// <see cref="RecentPopularity"/> it says whether an item is rising or fading.</summary>
    public float[] WeekPopularity { get; }
    /// <summary>log(price) of each item, NaN when its price is unknown: the price band a customer buys in.</summary>
    public float[] LogPrice { get; }
    /// <summary>Items.</summary>
    public int ItemCount => Popularity.Length;

    /// <summary>True when someone bought <paramref name="item"/> again in a later order: an item a customer may be
    /// offered again after buying it. Items nobody ever re-bought (durables, one-off gifts) are not.</summary>
    public bool IsRepeatable(int item) => Rebuyers[item] > 0;

    /// <summary>Partners of <paramref name="item"/>, strongest first.</summary>
    public ReadOnlySpan<int> PartnersOf(int item) => Partners.AsSpan(PartnerOffsets[item], PartnerOffsets[item + 1] - PartnerOffsets[item]);
    /// <summary>P(partner | item), parallel to <see cref="PartnersOf"/>.</summary>
    public ReadOnlySpan<float> ProbabilitiesOf(int item) => PartnerProbability.AsSpan(PartnerOffsets[item], PartnerOffsets[item + 1] - PartnerOffsets[item]);

    /// <summary>Measures the signals over <paramref name="orders"/> (every order before <paramref name="now"/>;
    /// anonymous ones count for popularity and co-purchases); <paramref name="price"/> is the catalog's price per item
    /// (empty or NaN: unknown).</summary>
    public static ItemSignals Build(BasketSet orders, int itemCount, long now, int recentDays, int partners, int maxBasketSize, int listLength,
        ReadOnlySpan<float> price = default)
    {
        var logPrice = new float[itemCount];
        for (int i = 0; i < itemCount; i++)
            logPrice[i] = i < price.Length && price[i] > 0 ? MathF.Log(price[i]) : float.NaN;
        var counts = new int[itemCount];
        var recent = new int[itemCount];
        var week = new int[itemCount];
        long recentStart = now - recentDays * 86_400L, weekStart = now - 7 * 86_400L;
        int recentOrders = 0, weekOrders = 0;
        for (int b = 0; b < orders.Count; b++)
        {
            bool isRecent = orders.Time[b] >= recentStart, isWeek = orders.Time[b] >= weekStart;
            if (isRecent)
                recentOrders++;
            if (isWeek)
                weekOrders++;
            foreach (var i in orders[b])
            {
                counts[i]++;
                if (isRecent)
                    recent[i]++;
                if (isWeek)
                    week[i]++;
            }
        }
        var popularity = LogShares(counts, orders.Count);
        var recentPopularity = LogShares(recent, recentOrders);

        // Buyers and re-buyers per item, from each known user's orders.
        var buyers = new int[itemCount];
        var rebuyers = new int[itemCount];
        var perUser = new Dictionary<long, int>();
        for (int b = 0; b < orders.Count; b++)
        {
            int u = orders.User[b];
            if (u < 0)
                continue;
            foreach (var i in orders[b])
            {
                long key = ((long)u << 32) | (uint)i;
                int seen = perUser.GetValueOrDefault(key);
                perUser[key] = seen + 1;
                if (seen == 0)
                    buyers[i]++;
                else if (seen == 1)
                    rebuyers[i]++;
            }
        }
        var repeatRate = new float[itemCount];
        for (int i = 0; i < itemCount; i++)
            repeatRate[i] = (rebuyers[i] + 1f) / (buyers[i] + 2f);

        var co = ItemCooccurrence.Build(orders, itemCount, maxBasketSize);
        var offsets = new int[itemCount + 1];
        var kept = new List<int>();
        var probability = new List<float>();
        var order = new List<int>();
        for (int i = 0; i < itemCount; i++)
        {
            var neighbours = co.Neighbors;
            var shared = co.Counts;
            order.Clear();
            for (int n = co.Offsets[i]; n < co.Offsets[i + 1]; n++)
                order.Add(n);
            order.Sort((a, b) => shared[a] != shared[b] ? shared[b].CompareTo(shared[a]) : neighbours[a].CompareTo(neighbours[b]));
            for (int n = 0; n < order.Count && n < partners; n++)
            {
                kept.Add(neighbours[order[n]]);
                probability.Add(co.ItemCounts[i] == 0 ? 0 : (float)shared[order[n]] / co.ItemCounts[i]);
            }
            offsets[i + 1] = kept.Count;
        }
        return new ItemSignals(now, recentDays, popularity, recentPopularity, repeatRate, buyers, rebuyers, offsets, kept.ToArray(), probability.ToArray(),
            Top(counts, listLength), Top(recent, listLength), logPrice, LogShares(week, weekOrders));
    }

    private static float[] LogShares(int[] counts, int total)
    {
        var shares = new float[counts.Length];
        for (int i = 0; i < counts.Length; i++)
            shares[i] = (float)Math.Log((counts[i] + 1.0) / (total + 1.0));
        return shares;
    }

    private static int[] Top(int[] counts, int n)
    {
        var order = new int[counts.Length];
        for (int i = 0; i < order.Length; i++)
            order[i] = i;
        Array.Sort(order, (a, b) => counts[a] != counts[b] ? counts[b].CompareTo(counts[a]) : a.CompareTo(b));
        return order[..Math.Min(n, order.Length)];
    }

    internal void Write(ArtifactWriter w)
    {
        w.Write(Now);
        w.Write(RecentDays);
        w.WriteArray<float>(Popularity);
        w.WriteArray<float>(RecentPopularity);
        w.WriteArray<float>(RepeatRate);
        w.WriteArray<int>(Buyers);
        w.WriteArray<int>(Rebuyers);
        w.WriteArray<int>(PartnerOffsets);
        w.WriteArray<int>(Partners);
        w.WriteArray<float>(PartnerProbability);
        w.WriteArray<int>(PopularOrder);
        w.WriteArray<int>(RecentOrder);
        w.WriteArray<float>(LogPrice);
        w.WriteArray<float>(WeekPopularity);
    }

    internal static ItemSignals Read(ArtifactReader r)
    {
        long now = r.ReadInt64();
        int recentDays = r.ReadInt32();
        var popularity = r.ReadArray<float>();
        var recent = r.ReadArray<float>();
        var repeat = r.ReadArray<float>();
        var buyers = r.ReadArray<int>();
        var rebuyers = r.ReadArray<int>();
        var offsets = r.ReadArray<int>();
        var partners = r.ReadArray<int>();
        var probability = r.ReadArray<float>();
        var popular = r.ReadArray<int>();
        var recentOrder = r.ReadArray<int>();
        var logPrice = r.ReadArray<float>();
        var week = r.ReadArray<float>();
        int n = popularity.Length;
        if (recent.Length != n || logPrice.Length != n || week.Length != n || repeat.Length != n || buyers.Length != n || rebuyers.Length != n || offsets.Length != n + 1 || partners.Length != probability.Length)
            throw r.Corrupt("the item signal arrays differ in length");
        r.ExpectOffsets(offsets, partners.Length, "partner");
        r.ExpectIds(partners, n, "partner");
        r.ExpectIds(popular, n, "popular item");
        r.ExpectIds(recentOrder, n, "recent item");
        return new ItemSignals(now, recentDays, popularity, recent, repeat, buyers, rebuyers, offsets, partners, probability, popular, recentOrder, logPrice, week);
    }
}
