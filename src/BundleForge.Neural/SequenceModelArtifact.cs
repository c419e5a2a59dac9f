using System.Text.Json;
using System.Text.Json.Nodes;
using BundleForge.Artifacts;

namespace BundleForge.Neural;

/// <summary>Reads and writes a sequence model component of a model folder: <c>config.json</c> (architecture),
/// <c>weights.bin</c> (TorchSharp <c>module.save</c>) and <c>items.json</c> (the shop item id of each dense id).</summary>
public static class SequenceModelArtifact
{
    public const string Kind = "sequence-transformer";
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "weights.bin";
    public const string ItemsFile = "items.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The component name for a model kind (<c>sasrec</c> or <c>bert4rec</c>).</summary>
    public static string ComponentOf(SequenceModelKind kind) => kind == SequenceModelKind.SasRec ? "sasrec" : "bert4rec";

    /// <summary>Writes the network as a component of <paramref name="writer"/>; the caller commits the writer.</summary>
    public static void Write(ModelWriter writer, SequenceTransformer net, IReadOnlyList<string> itemIds, JsonObject? parameters = null, JsonObject? metrics = null)
    {
        if (itemIds.Count != net.Config.ItemCount)
            throw new ArgumentException("One shop item id per model item is required.", nameof(itemIds));
        string component = ComponentOf(net.Config.Kind);
        File.WriteAllText(writer.PathFor(component, ConfigFile), JsonSerializer.Serialize(net.Config, Json));
        File.WriteAllText(writer.PathFor(component, ItemsFile), JsonSerializer.Serialize(itemIds, Json));
        net.save(writer.PathFor(component, WeightsFile));
        var p = parameters ?? new JsonObject();
        p["config"] = JsonSerializer.SerializeToNode(net.Config, Json);
        writer.AddComponent(component, Kind, p, metrics);
    }

    /// <summary>Loads the component <paramref name="component"/> of a verified model folder.</summary>
    public static (SequenceTransformer Network, string[] ItemIds) Read(ModelReader reader, string component)
    {
        // Once per reader: the served recommender and the bundle engine's signals share one network (inference only).
        var loaded = reader.Shared("sequence:" + component, () => new Loaded(ReadNew(reader, component)));
        return loaded.Value;
    }

    private sealed record Loaded((SequenceTransformer Network, string[] ItemIds) Value);

    private static (SequenceTransformer Network, string[] ItemIds) ReadNew(ModelReader reader, string component)
    {
        if (!reader.Has(component))
            throw new DataException($"The model folder has no '{component}' sequence model.");
        TorchRuntime.Ensure();
        SequenceModelConfig config;
        string[] ids;
        try
        {
            config = JsonSerializer.Deserialize<SequenceModelConfig>(File.ReadAllText(reader.PathOf(component, ConfigFile)), Json)
                     ?? throw new DataException("The sequence model's config.json is empty.");
            ids = JsonSerializer.Deserialize<string[]>(File.ReadAllText(reader.PathOf(component, ItemsFile)), Json)
                  ?? throw new DataException("The sequence model's items.json is empty.");
        }
        catch (JsonException e)
        {
            throw new DataException($"The sequence model's files are not valid JSON: {e.Message}");
        }
        if (config.FormatVersion is < 1 or > SequenceModelConfig.CurrentFormatVersion)
            throw new DataException($"The sequence model has format version {config.FormatVersion}; this build reads versions 1 to {SequenceModelConfig.CurrentFormatVersion}.");
        if (ids.Length != config.ItemCount)
            throw new DataException("The sequence model's items.json does not match its config.");
        var net = new SequenceTransformer(config);
        net.load(reader.PathOf(component, WeightsFile));
        net.eval();
        return (net, ids);
    }
}
