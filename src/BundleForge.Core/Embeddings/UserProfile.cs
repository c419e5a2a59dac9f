using System.Text.Json.Serialization;

namespace BundleForge.Embeddings;

/// <summary>What a user tends to buy, stored under the pseudonymous key only: preferences and price sensitivity
/// (the profile vector lives in a parallel binary file).</summary>
public sealed class UserProfile
{
    /// <summary>Pseudonymous user key (never the shop's id).</summary>
    [JsonPropertyName("key")] public string Key { get; set; } = "";
    [JsonPropertyName("events")] public int Events { get; set; }
    [JsonPropertyName("purchases")] public int Purchases { get; set; }
    /// <summary>Top leaf categories as (category path, recency-weighted share).</summary>
    [JsonPropertyName("categories")] public List<WeightedName> Categories { get; set; } = [];
    [JsonPropertyName("brands")] public List<WeightedName> Brands { get; set; } = [];
    /// <summary>Recency-weighted share of activity per price band.</summary>
    [JsonPropertyName("price_bands")] public float[] PriceBands { get; set; } = [];
    /// <summary>Median spend per basket (Σ quantity × price paid); NaN when prices are unknown.</summary>
    [JsonPropertyName("typical_spend")] public float TypicalSpend { get; set; } = float.NaN;
    /// <summary>Share of priced purchases paid below the item's list price; NaN when no purchase shows both prices.</summary>
    [JsonPropertyName("discount_share")] public float DiscountShare { get; set; } = float.NaN;
}

/// <summary>A name with a weight (share of the user's activity).</summary>
public sealed record WeightedName([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("weight")] float Weight);
