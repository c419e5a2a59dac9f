using BundleForge.Data;

namespace BundleForge.Privacy;

/// <summary>Removes erased users from a dataset before training, so a model retrained on raw data that still holds
/// them does not bring them back. A user is removed when their raw id or their pseudonymous key is in the list
/// (the shop's own list of ids, or the server's erasure list of keys). Items keep their dense ids.</summary>
public static class ErasedUsers
{
    /// <summary>The dataset without the listed users: their events, baskets and bundle interactions are dropped and
    /// the remaining users are renumbered densely (in the same order). Returns the dataset unchanged when nobody on
    /// the list is in it.</summary>
    public static Dataset Remove(Dataset data, IReadOnlySet<string> idsOrKeys, Pseudonymizer pseudonymizer, out int removed)
    {
        var users = data.Users;
        var map = new int[users.Count];
        var kept = new List<string>(users.Count);
        removed = 0;
        for (int u = 0; u < users.Count; u++)
        {
            var id = users.Ids[u];
            if (idsOrKeys.Contains(id) || idsOrKeys.Contains(pseudonymizer.Key(id)))
            { map[u] = -1; removed++; }
            else
            { map[u] = kept.Count; kept.Add(id); }
        }
        if (removed == 0)
            return data;

        var baskets = data.Baskets;
        var basketMap = new int[baskets.Count];
        int next = 0;
        for (int b = 0; b < baskets.Count; b++)
            basketMap[b] = baskets.User[b] >= 0 && map[baskets.User[b]] < 0 ? -1 : next++;
        var keptBaskets = baskets.Where(b => basketMap[b] >= 0);
        for (int b = 0; b < keptBaskets.Count; b++)
            if (keptBaskets.User[b] >= 0)
                keptBaskets.User[b] = map[keptBaskets.User[b]];

        var t = data.Interactions;
        var rows = new List<int>(t.Count);
        for (int r = 0; r < t.Count; r++)
            if (t.User[r] < 0 || map[t.User[r]] >= 0)
                rows.Add(r);
        return new Dataset
        {
            Items = data.Items,
            Users = new UserTable(kept.ToArray()),
            Interactions = t.Select(rows, map, basketMap),
            Baskets = keptBaskets,
            Report = data.Report,
            Bundles = data.Bundles is { } bundles ? Without(bundles, map) : null,
            Format = data.Format,
            HasRealTime = data.HasRealTime,
        };
    }

    private static BundleCatalog Without(BundleCatalog c, int[] map) =>
        new(c.Ids, c.Offsets, c.Items, Keep(c.Train, map), Keep(c.Tune, map), Keep(c.Test, map));

    private static (int User, int Bundle)[] Keep((int User, int Bundle)[] pairs, int[] map)
    {
        var result = new List<(int, int)>(pairs.Length);
        foreach (var (u, b) in pairs)
            if (u < 0 || u >= map.Length)
                result.Add((u, b));
            else if (map[u] >= 0)
                result.Add((map[u], b));
        return result.ToArray();
    }
}
