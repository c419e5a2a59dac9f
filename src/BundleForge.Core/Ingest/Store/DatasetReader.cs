using BundleForge.Data;

namespace BundleForge.Ingest.Store;

/// <summary>Materialises the store tables of a DuckDB session into a <see cref="Dataset"/> of dense arrays.</summary>
public static class DatasetReader
{
    public static Dataset Read(DuckDbSession db, IProgress<ProgressUpdate>? progress = null)
    {
        foreach (var t in new[] { "items", "users", "orders", "interactions", "meta", "cleaning_report" })
            if (!StoreSchema.TableExists(db, t))
                throw new DataException($"Not a BundleForge store: table '{t}' is missing (write one with 'bundleforge import').", db.File);
        var meta = new Dictionary<string, string>();
        var notes = new List<string>();
        using (var r = db.Reader("SELECT key, value FROM meta"))
            while (r.Read())
            { if (r.GetString(0) == "note") notes.Add(r.GetString(1)); else meta[r.GetString(0)] = r.GetString(1); }

        var items = ReadItems(db);
        var users = ReadStrings(db, "SELECT user_id FROM users ORDER BY user_idx");
        progress?.Report(new("loading", 0.3, $"{items.Count:N0} items, {users.Length:N0} users"));
        var interactions = ReadInteractions(db);
        progress?.Report(new("loading", 0.7, $"{interactions.Count:N0} interactions"));
        var baskets = ReadBaskets(db);

        var report = new CleaningReport
        {
            RowsRead = long.Parse(meta.GetValueOrDefault("rows_read", "0"), System.Globalization.CultureInfo.InvariantCulture),
            RowsKept = long.Parse(meta.GetValueOrDefault("rows_kept", "0"), System.Globalization.CultureInfo.InvariantCulture),
            UsersRead = long.Parse(meta.GetValueOrDefault("users_read", "0"), System.Globalization.CultureInfo.InvariantCulture),
        };
        report.Notes.AddRange(notes);
        using (var r = db.Reader("SELECT kind, reason, rows FROM cleaning_report"))
            while (r.Read())
                if (r.GetString(0) == "removed")
                    report.AddRemoved(r.GetString(1), r.GetInt64(2));
                else
                    report.AddChanged(r.GetString(1), r.GetInt64(2));

        BundleCatalog? bundles = StoreSchema.TableExists(db, "bundles") ? ReadBundles(db) : null;
        progress?.Report(new("loading", 1.0, $"{baskets.Count:N0} baskets"));
        return new Dataset
        {
            Items = items,
            Users = new UserTable(users),
            Interactions = interactions,
            Baskets = baskets,
            Report = report,
            Bundles = bundles,
            Format = meta.GetValueOrDefault("format", "canonical"),
            HasRealTime = meta.GetValueOrDefault("has_real_time") == "true",
        };
    }

    private static string[] ReadStrings(DuckDbSession db, string sql)
    {
        var list = new List<string>();
        using var r = db.Reader(sql);
        while (r.Read())
            list.Add(r.GetString(0));
        return list.ToArray();
    }

    private static ItemCatalog ReadItems(DuckDbSession db)
    {
        int n = (int)db.Scalar<long>("SELECT count(*) FROM items");
        var ids = new string[n];
        var titles = new string?[n];
        var cats = new string?[n];
        var brands = new string?[n];
        var price = new float[n];
        var cost = new float[n];
        var stock = new int[n];
        bool assumed = false;
        using var r = db.Reader("SELECT item_idx, item_id, title, category, brand, price, cost, stock, cost_assumed FROM items ORDER BY item_idx");
        while (r.Read())
        {
            int i = r.GetInt32(0);
            ids[i] = r.GetString(1);
            titles[i] = r.IsDBNull(2) ? null : r.GetString(2);
            cats[i] = r.IsDBNull(3) ? null : r.GetString(3);
            brands[i] = r.IsDBNull(4) ? null : r.GetString(4);
            price[i] = r.IsDBNull(5) ? float.NaN : (float)r.GetDouble(5);
            cost[i] = r.IsDBNull(6) ? float.NaN : (float)r.GetDouble(6);
            stock[i] = r.IsDBNull(7) ? -1 : r.GetInt32(7);
            assumed |= !r.IsDBNull(8) && r.GetBoolean(8);
        }
        return new ItemCatalog(ids, titles, cats, brands, price, cost, stock, assumed);
    }

    private static InteractionTable ReadInteractions(DuckDbSession db)
    {
        int n = checked((int)db.Scalar<long>("SELECT count(*) FROM interactions"));
        var user = new int[n];
        var item = new int[n];
        var time = new long[n];
        var order = new int[n];
        var kind = new EventKind[n];
        var qty = new float[n];
        var price = new float[n];
        using var r = db.Reader("SELECT user_idx, item_idx, ts, order_idx, event, quantity, price FROM interactions");
        int k = 0;
        while (r.Read())
        {
            user[k] = r.GetInt32(0);
            item[k] = r.GetInt32(1);
            time[k] = r.GetInt64(2);
            order[k] = r.GetInt32(3);
            kind[k] = (EventKind)r.GetByte(4);
            qty[k] = (float)r.GetDouble(5);
            price[k] = r.IsDBNull(6) ? float.NaN : (float)r.GetDouble(6);
            k++;
        }
        return new InteractionTable(user, item, time, order, kind, qty, price);
    }

    private static BasketSet ReadBaskets(DuckDbSession db)
    {
        int count = (int)db.Scalar<long>("SELECT count(*) FROM orders");
        var user = new int[count];
        var time = new long[count];
        using (var r = db.Reader("SELECT order_idx, user_idx, ts FROM orders"))
            while (r.Read())
            { int o = r.GetInt32(0); user[o] = r.GetInt32(1); time[o] = r.GetInt64(2); }
        var offsets = new int[count + 1];
        int total = (int)db.Scalar<long>("SELECT count(*) FROM (SELECT DISTINCT order_idx, item_idx FROM interactions WHERE order_idx >= 0)");
        var items = new int[total];
        int k = 0;
        using (var r = db.Reader("SELECT DISTINCT order_idx, item_idx FROM interactions WHERE order_idx >= 0 ORDER BY order_idx, item_idx"))
            while (r.Read())
            { offsets[r.GetInt32(0) + 1]++; items[k++] = r.GetInt32(1); }
        for (int b = 0; b < count; b++)
            offsets[b + 1] += offsets[b];
        return new BasketSet(offsets, items, user, time);
    }

    private static BundleCatalog ReadBundles(DuckDbSession db)
    {
        var ids = ReadStrings(db, "SELECT bundle_id FROM (SELECT DISTINCT bundle_idx, bundle_id FROM bundles) ORDER BY bundle_idx");
        var offsets = new int[ids.Length + 1];
        var items = new List<int>();
        using (var r = db.Reader("SELECT bundle_idx, item_idx FROM bundles WHERE item_idx IS NOT NULL ORDER BY bundle_idx, item_idx"))
            while (r.Read())
            { offsets[r.GetInt32(0) + 1]++; items.Add(r.GetInt32(1)); }
        for (int b = 0; b < ids.Length; b++)
            offsets[b + 1] += offsets[b];
        var splits = new Dictionary<string, List<(int, int)>> { ["train"] = new(), ["tune"] = new(), ["test"] = new() };
        using (var r = db.Reader("SELECT user_idx, bundle_idx, split FROM user_bundles ORDER BY split, user_idx, bundle_idx"))
            while (r.Read())
                splits[r.GetString(2)].Add((r.GetInt32(0), r.GetInt32(1)));
        return new BundleCatalog(ids, offsets, items.ToArray(), splits["train"].ToArray(), splits["tune"].ToArray(), splits["test"].ToArray());
    }
}
