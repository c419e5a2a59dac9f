using System.Text.Json;
using System.Text.Json.Serialization;
using BundleForge.Artifacts;

namespace BundleForge.Embeddings;

/// <summary>How <see cref="NewItemScorer"/> ranks new products: the neighbours a behaviour vector is borrowed from and
/// the weights of the three standardised signals, chosen on a validation period before the data's end (items first
/// sold in it, ranked for their buyers from the history before it) and stored in the model folder's <c>text</c>
/// component as <see cref="FileName"/>, so serving uses what was chosen, never a figure of the test period.</summary>
public sealed record NewItemBlend
{
    /// <summary>The file in the <c>text</c> component.</summary>
    public const string FileName = "new-items.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>Nearest trained items (in text space) a new product's behaviour vector is the weighted mean of.</summary>
    public int Neighbours { get; init; } = 10;
    /// <summary>Weight of the text signal (closest history items by text cosine).</summary>
    public double TextWeight { get; init; } = 1.0 / 3;
    /// <summary>Weight of the title word overlap (TF-IDF).</summary>
    public double WordWeight { get; init; } = 1.0 / 3;
    /// <summary>Weight of the borrowed behaviour vector against the closest history items in item2vec space.</summary>
    public double BehaviourWeight { get; init; } = 1.0 / 3;
    /// <summary>Days of the validation period (0 when nothing was fitted and these are the defaults).</summary>
    public int ValidationDays { get; init; }
    /// <summary>First second of the validation period (UTC; null when nothing was fitted).</summary>
    public DateTime? ValidationStart { get; init; }
    /// <summary>Customers whose first order in the validation period held an item first sold in it.</summary>
    public int ValidationCases { get; init; }
    /// <summary>Items never sold before the validation period, ranked there.</summary>
    public int ValidationCandidates { get; init; }
    /// <summary>HR@10 of the chosen rule on the validation period.</summary>
    public double ValidationHitRate { get; init; }
    /// <summary>NDCG@10 of the chosen rule on the validation period (what the choice maximised).</summary>
    public double ValidationNdcg { get; init; }
    /// <summary>Why the defaults were kept, when they were (no validation case, no item2vec in the run).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }

    /// <summary>Writes the record (the model writer's staging path).</summary>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>The stored rule of a model folder, or null when its <c>text</c> component has none (trained before
    /// the rule existed, or without item2vec); a damaged file is a one-line <see cref="DataException"/> naming it.</summary>
    public static NewItemBlend? Load(ModelReader reader)
    {
        if (!reader.Has(ItemTextVectors.Component))
            return null;
        var path = reader.PathOf(ItemTextVectors.Component, FileName);
        if (!File.Exists(path))
            return null;
        NewItemBlend? blend;
        try
        {
            blend = JsonSerializer.Deserialize<NewItemBlend>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new DataException($"{FileName} is not valid: {e.Message}", path);
        }
        if (blend is null || blend.Neighbours < 1 || !double.IsFinite(blend.TextWeight + blend.WordWeight + blend.BehaviourWeight)
            || blend.TextWeight < 0 || blend.WordWeight < 0 || blend.BehaviourWeight < 0)
            throw new DataException($"{FileName} holds no usable rule (neighbours ≥ 1, weights ≥ 0 are required).", path);
        return blend;
    }
}
