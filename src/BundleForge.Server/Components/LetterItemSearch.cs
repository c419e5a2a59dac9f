namespace BundleForge.Server.Dashboard;

/// <summary>Finds items by shop id or title words: exact id first, then ids and titles starting with the query, then
/// titles containing it; ties go to the more popular item.</summary>
internal static class ItemSearch
{
    public static List<int> Find(DashboardModel model, string query, int limit)
    {
        var q = query.Trim();
        var found = new List<(int Rank, int Popularity, int Item)>();
        if (q.Length == 0)
            return [];
        var catalog = model.Catalog;
        var popularity = PopularityRanks(model);
        for (int i = 0; i < catalog.Count; i++)
        {
            var id = catalog.Ids[i];
            var title = catalog.Titles[i] ?? "";
            int rank = string.Equals(id, q, StringComparison.OrdinalIgnoreCase) ? 0
                : id.StartsWith(q, StringComparison.OrdinalIgnoreCase) || title.StartsWith(q, StringComparison.OrdinalIgnoreCase) ? 1
                : title.Contains(q, StringComparison.OrdinalIgnoreCase) ? 2
                : -1;
            if (rank >= 0)
                found.Add((rank, popularity[i], i));
        }
        found.Sort();
        var result = new List<int>(Math.Min(limit, found.Count));
        for (int k = 0; k < found.Count && k < limit; k++)
            result.Add(found[k].Item);
        return result;
    }

    /// <summary>Each item's position in the served popularity order (unranked items last).</summary>
    private static int[] PopularityRanks(DashboardModel model)
    {
        var ranks = new int[model.Catalog.Count];
        Array.Fill(ranks, int.MaxValue);
        var popular = model.Served.Baseline.PopularItems;
        for (int r = 0; r < popular.Length; r++)
            ranks[popular[r]] = r;
        return ranks;
    }
}
