using BundleForge.Data;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>Finds items by shop id or title letters (the search of a model without text vectors): exact id first, then
/// ids and titles starting with the query, then titles containing it; ties go to the more popular item.</summary>
public sealed class LetterItemSearch : IItemSearch
{
    private readonly ItemCatalog _catalog;
    private readonly int[] _popularity;

    /// <summary>Search over <paramref name="catalog"/>, ties broken by the order of <paramref name="popularItems"/>.</summary>
    public LetterItemSearch(ItemCatalog catalog, ReadOnlySpan<int> popularItems)
    {
        _catalog = catalog;
        _popularity = new int[catalog.Count];
        Array.Fill(_popularity, int.MaxValue);
        for (int r = 0; r < popularItems.Length; r++)
            _popularity[popularItems[r]] = r;
    }

    public string Method => "letters";

    public IReadOnlyList<FoundItem> Find(string query, int k)
    {
        var q = query.Trim();
        if (q.Length == 0)
            return [];
        var found = new List<(int Rank, int Popularity, int Item)>();
        for (int i = 0; i < _catalog.Count; i++)
        {
            var id = _catalog.Ids[i];
            var title = _catalog.Titles[i] ?? "";
            int rank = string.Equals(id, q, StringComparison.OrdinalIgnoreCase) ? 0
                : id.StartsWith(q, StringComparison.OrdinalIgnoreCase) || title.StartsWith(q, StringComparison.OrdinalIgnoreCase) ? 1
                : title.Contains(q, StringComparison.OrdinalIgnoreCase) ? 2
                : -1;
            if (rank >= 0)
                found.Add((rank, _popularity[i], i));
        }
        found.Sort();
        var result = new List<FoundItem>(Math.Min(k, found.Count));
        for (int j = 0; j < found.Count && j < k; j++)
            result.Add(new FoundItem(found[j].Item, 3 - found[j].Rank));
        return result;
    }
}
