using System.Text.Json.Serialization;
using BundleForge.Data;

namespace BundleForge.Embeddings;

/// <summary>Integer encodings of catalog attributes: an id per category-path level, brand, price band (quantiles of
/// the list price) and title tokens (a small vocabulary of words shared by several items). Together they form a
/// sparse feature vector per item, the basis of cold-start vectors and profile preferences.</summary>
public sealed class AttributeEncodings
{
    /// <summary>Category path prefixes per level ("A", "A&gt;B", ...): vocabulary per level.</summary>
    [JsonPropertyName("category_levels")] public List<List<string>> CategoryLevels { get; set; } = [];
    [JsonPropertyName("brands")] public List<string> Brands { get; set; } = [];
    /// <summary>Upper price bound of each band but the last (ascending).</summary>
    [JsonPropertyName("price_edges")] public List<float> PriceEdges { get; set; } = [];
    [JsonPropertyName("tokens")] public List<string> Tokens { get; set; } = [];
    /// <summary>Inverse document frequency per token.</summary>
    [JsonPropertyName("token_idf")] public List<float> TokenIdf { get; set; } = [];
    /// <summary>Per item, the category id at each level (-1 missing): items × levels.</summary>
    [JsonPropertyName("item_category")] public List<int[]> ItemCategory { get; set; } = [];
    [JsonPropertyName("item_brand")] public List<int> ItemBrand { get; set; } = [];
    [JsonPropertyName("item_price_band")] public List<int> ItemPriceBand { get; set; } = [];
    [JsonPropertyName("item_tokens")] public List<int[]> ItemTokens { get; set; } = [];

    [JsonIgnore] public int ItemCount => ItemBrand.Count;
    [JsonIgnore] public int PriceBands => PriceEdges.Count + 1;

    /// <summary>The deepest known category id of an item (its leaf), -1 when unknown. Ids are unique per level;
    /// the level is folded in so leaves of different depths never collide.</summary>
    public int LeafOf(int item)
    {
        var path = ItemCategory[item];
        for (int l = path.Length - 1; l >= 0; l--)
            if (path[l] >= 0)
            {
                int offset = 0;
                for (int k = 0; k < l; k++)
                    offset += CategoryLevels[k].Count;
                return offset + path[l];
            }
        return -1;
    }

    /// <summary>The band of a price (-1 for NaN).</summary>
    public int PriceBandOf(float price)
    {
        if (float.IsNaN(price))
            return -1;
        int band = 0;
        while (band < PriceEdges.Count && price > PriceEdges[band])
            band++;
        return band;
    }

    /// <summary>Encodes <paramref name="catalog"/> with <paramref name="priceBands"/> quantile bands and at most
    /// <paramref name="maxTokens"/> title words that occur in at least two items.</summary>
    public static AttributeEncodings Build(ItemCatalog catalog, int priceBands = 5, int maxTokens = 2000)
    {
        var e = new AttributeEncodings();
        int n = catalog.Count;
        // category levels
        var levelIndex = new List<Dictionary<string, int>>();
        var paths = new string[n][];
        for (int i = 0; i < n; i++)
        {
            var parts = CategoryPath.Levels(catalog.Categories[i]);
            paths[i] = parts;
            while (levelIndex.Count < parts.Length)
            { levelIndex.Add(new(StringComparer.Ordinal)); e.CategoryLevels.Add([]); }
        }
        for (int i = 0; i < n; i++)
        {
            var ids = new int[levelIndex.Count];
            Array.Fill(ids, -1);
            string prefix = "";
            for (int l = 0; l < paths[i].Length; l++)
            {
                prefix = l == 0 ? paths[i][0] : prefix + ">" + paths[i][l];
                if (!levelIndex[l].TryGetValue(prefix, out int id))
                { id = levelIndex[l].Count; levelIndex[l][prefix] = id; e.CategoryLevels[l].Add(prefix); }
                ids[l] = id;
            }
            e.ItemCategory.Add(ids);
        }
        // brands
        var brandIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < n; i++)
        {
            var b = catalog.Brands[i]?.Trim();
            if (string.IsNullOrEmpty(b))
            { e.ItemBrand.Add(-1); continue; }
            if (!brandIndex.TryGetValue(b, out int id))
            { id = brandIndex.Count; brandIndex[b] = id; e.Brands.Add(b); }
            e.ItemBrand.Add(id);
        }
        // price bands from quantiles of known list prices
        var prices = catalog.Price.Where(p => !float.IsNaN(p)).Order().ToArray();
        if (prices.Length > 0)
            for (int q = 1; q < priceBands; q++)
            {
                float edge = prices[Math.Min(prices.Length - 1, (int)((long)prices.Length * q / priceBands))];
                if (e.PriceEdges.Count == 0 || edge > e.PriceEdges[^1])
                    e.PriceEdges.Add(edge);
            }
        for (int i = 0; i < n; i++)
            e.ItemPriceBand.Add(e.PriceBandOf(catalog.Price[i]));
        // title tokens: document frequency, keep words of >= 2 items, most frequent first
        var itemWords = new List<string>[n];
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            itemWords[i] = TitleTokenizer.Tokenize(catalog.Titles[i]).Distinct().ToList();
            foreach (var w in itemWords[i])
                df[w] = df.GetValueOrDefault(w) + 1;
        }
        var vocabulary = df.Where(kv => kv.Value >= 2 && kv.Value <= Math.Max(2, n / 2))
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(maxTokens).ToList();
        var tokenIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (w, count) in vocabulary)
        {
            tokenIndex[w] = e.Tokens.Count;
            e.Tokens.Add(w);
            e.TokenIdf.Add((float)Math.Log((double)n / count));
        }
        for (int i = 0; i < n; i++)
        {
            var ids = new List<int>();
            foreach (var w in itemWords[i])
                if (tokenIndex.TryGetValue(w, out int id))
                    ids.Add(id);
            ids.Sort();
            e.ItemTokens.Add(ids.ToArray());
        }
        return e;
    }

    /// <summary>Number of sparse features: all category levels, brands, price bands and tokens.</summary>
    [JsonIgnore]
    public int FeatureCount => CategoryLevels.Sum(l => l.Count) + Brands.Count + PriceBands + Tokens.Count;

    /// <summary>The item's sparse feature vector as (feature index, weight): category levels weigh more the deeper
    /// they are, brand 2, price band 0.5, tokens their idf.</summary>
    public List<(int Feature, float Weight)> FeaturesOf(int item)
    {
        var features = new List<(int, float)>();
        int offset = 0;
        var path = ItemCategory[item];
        for (int l = 0; l < CategoryLevels.Count; l++)
        {
            if (l < path.Length && path[l] >= 0)
                features.Add((offset + path[l], 1f + l));
            offset += CategoryLevels[l].Count;
        }
        if (ItemBrand[item] >= 0)
            features.Add((offset + ItemBrand[item], 2f));
        offset += Brands.Count;
        if (ItemPriceBand[item] >= 0)
            features.Add((offset + ItemPriceBand[item], 0.5f));
        offset += PriceBands;
        foreach (var t in ItemTokens[item])
            features.Add((offset + t, TokenIdf[t]));
        return features;
    }
}
