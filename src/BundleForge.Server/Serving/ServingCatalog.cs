namespace BundleForge.Server.Serving;

/// <summary>The items of a served model by dense id: the shop's ids, titles, categories and list prices.</summary>
public sealed class ServingCatalog
{
    private readonly Dictionary<string, int> _index;

    public ServingCatalog(string[] ids, string?[] titles, string?[] categories, float[] price)
    {
        if (titles.Length != ids.Length || categories.Length != ids.Length || price.Length != ids.Length)
            throw new ArgumentException("All catalog columns must have the same length.");
        Ids = ids; Titles = titles; Categories = categories; Price = price;
        _index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (int i = 0; i < ids.Length; i++) _index[ids[i]] = i;
    }

    public int Count => Ids.Length;
    public string[] Ids { get; }
    public string?[] Titles { get; }
    public string?[] Categories { get; }
    /// <summary>List price, NaN when unknown.</summary>
    public float[] Price { get; }

    /// <summary>Dense id of a shop item id, or -1.</summary>
    public int IndexOf(string id) => _index.TryGetValue(id, out var i) ? i : -1;
}
