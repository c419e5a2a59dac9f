using BundleForge.Data;

namespace BundleForge.Core.Tests.Embeddings;

/// <summary>Generated data with known structure for the embedding tests.</summary>
internal static class SyntheticShop
{
    /// <summary>Baskets of 2–5 items drawn from one of <paramref name="groups"/> groups of <paramref name="groupSize"/> items.</summary>
    public static BasketSet GroupedBaskets(int baskets, int groups, int groupSize, int seed)
    {
        var random = new Random(seed);
        var lists = new List<int[]>();
        for (int b = 0; b < baskets; b++)
        {
            int g = random.Next(groups);
            int size = random.Next(2, 6);
            var items = new HashSet<int>();
            while (items.Count < size)
                items.Add(g * groupSize + random.Next(groupSize));
            lists.Add(items.ToArray());
        }
        return BasketSet.FromLists(lists);
    }

    /// <summary>A dataset from baskets; users own baskets round-robin, each purchase priced at list price unless discounted.</summary>
    public static Dataset DatasetOf(BasketSet baskets, int itemCount, int users, string?[]? categories = null, string?[]? titles = null, float[]? listPrice = null, bool realTime = true)
    {
        var ids = Enumerable.Range(0, itemCount).Select(i => $"sku-{i}").ToArray();
        var price = listPrice ?? Enumerable.Range(0, itemCount).Select(i => 1f + i % 7).ToArray();
        var catalog = new ItemCatalog(ids, titles ?? new string?[itemCount], categories ?? new string?[itemCount], new string?[itemCount],
            price, price.Select(p => p * 0.6f).ToArray(), Enumerable.Repeat(-1, itemCount).ToArray(), true);
        var userIds = Enumerable.Range(0, users).Select(u => $"customer-{u}").ToArray();
        var basketUser = new int[baskets.Count];
        var basketTime = new long[baskets.Count];
        for (int b = 0; b < baskets.Count; b++)
        { basketUser[b] = users == 0 ? -1 : b % users; basketTime[b] = 1_700_000_000L + baskets.Time[b]; }
        var withUsers = new BasketSet(baskets.Offsets, baskets.Items, basketUser, basketTime);
        var rows = new List<(int User, int Item, long Time, int Order)>();
        for (int b = 0; b < withUsers.Count; b++)
            foreach (var i in withUsers[b])
                rows.Add((basketUser[b], i, basketTime[b], b));
        rows.Sort((x, y) => x.User != y.User ? x.User.CompareTo(y.User) : x.Time != y.Time ? x.Time.CompareTo(y.Time) : x.Order.CompareTo(y.Order));
        var interactions = new InteractionTable(rows.Select(r => r.User).ToArray(), rows.Select(r => r.Item).ToArray(), rows.Select(r => r.Time).ToArray(),
            rows.Select(r => r.Order).ToArray(), rows.Select(_ => EventKind.Purchase).ToArray(), rows.Select(_ => 1f).ToArray(), rows.Select(r => price[r.Item]).ToArray());
        return new Dataset
        {
            Items = catalog,
            Users = new UserTable(userIds),
            Interactions = interactions,
            Baskets = withUsers,
            Report = new CleaningReport(),
            Format = "test",
            HasRealTime = realTime,
        };
    }
}
