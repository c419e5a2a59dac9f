namespace BundleForge.Data;

/// <summary>Item features indexed by dense item id, with the map back to the shop's own ids.</summary>
public sealed class ItemCatalog
{
    private Dictionary<string, int>? _index;

    public ItemCatalog(string[] ids, string?[] titles, string?[] categories, string?[] brands, float[] price, float[] cost, int[] stock, bool costAssumed)
    {
        int n = ids.Length;
        if (titles.Length != n || categories.Length != n || brands.Length != n || price.Length != n || cost.Length != n || stock.Length != n)
            throw new ArgumentException("All catalog columns must have the same length.");
        Ids = ids;
        Titles = titles;
        Categories = categories;
        Brands = brands;
        Price = price;
        Cost = cost;
        Stock = stock;
        CostAssumed = costAssumed;
    }

    public int Count => Ids.Length;
    /// <summary>The shop's item id per dense id.</summary>
    public string[] Ids { get; }
    public string?[] Titles { get; }
    /// <summary>Category path such as <c>Home&gt;Kitchen&gt;Mugs</c>.</summary>
    public string?[] Categories { get; }
    public string?[] Brands { get; }
    /// <summary>List price; NaN when unknown.</summary>
    public float[] Price { get; }
    /// <summary>Unit cost (assumed from the price when the catalog has none); NaN when no price is known.</summary>
    public float[] Cost { get; }
    /// <summary>Units in stock, -1 when unknown.</summary>
    public int[] Stock { get; }
    /// <summary>True when some costs were derived from the assumed margin rather than given.</summary>
    public bool CostAssumed { get; }

    /// <summary>Dense id of the shop's item id, or -1.</summary>
    public int IndexOf(string id)
    {
        _index ??= BuildIndex(Ids);
        return _index.TryGetValue(id, out var i) ? i : -1;
    }

    /// <summary>A display name: the title when known, else the id.</summary>
    public string NameOf(int item) => string.IsNullOrWhiteSpace(Titles[item]) ? Ids[item] : Titles[item]!;

    internal static Dictionary<string, int> BuildIndex(string[] ids)
    {
        var d = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (int i = 0; i < ids.Length; i++)
            d[ids[i]] = i;
        return d;
    }
}
