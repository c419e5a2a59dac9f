using System.Text.Json;
using System.Text.Json.Nodes;

namespace BundleForge.Reports;

/// <summary>Evaluation and backtest results kept beside a model: the JSON that <c>evaluate --json</c> and
/// <c>backtest --json</c> print, saved as <c>MODEL/results/NAME.json</c>. They are not part of the verified manifest
/// (they describe the model, they do not serve), and a retrain replaces the folder and them with it.</summary>
public static class EvaluationResults
{
    public const string Folder = "results";

    /// <summary>The result files of a model folder by name (file name without .json), sorted; an unreadable file is
    /// a <see cref="DataException"/> naming it.</summary>
    public static IReadOnlyList<(string Name, JsonObject Result)> Load(string modelDirectory)
    {
        var dir = Path.Combine(modelDirectory, Folder);
        var list = new List<(string, JsonObject)>();
        if (!Directory.Exists(dir))
            return list;
        foreach (var file in Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                if (JsonNode.Parse(File.ReadAllText(file)) is JsonObject o)
                    list.Add((Path.GetFileNameWithoutExtension(file), o));
                else
                    throw new DataException("An evaluation result must be one JSON object.", file);
            }
            catch (JsonException e) { throw new DataException($"An evaluation result is not valid JSON: {e.Message}", file); }
        }
        return list;
    }

    /// <summary>Saves <paramref name="result"/> as <c>MODEL/results/NAME.json</c>, written to a temporary file and renamed
    /// so a reader never sees half of it; returns the path.</summary>
    public static string Save(string modelDirectory, string name, JsonObject result)
    {
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.StartsWith('.'))
            throw new DataException($"'{name}' cannot name a result file.", field: "name");
        var dir = Path.Combine(modelDirectory, Folder);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".json");
        var temp = path + ".tmp";
        File.WriteAllText(temp, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>Each numeric metric of <c>metrics</c> with the same metric of every baseline in <c>baselines</c>
    /// (the shape of <c>evaluate</c>, <c>backtest</c> and the sequence models' manifest metrics).</summary>
    public static IEnumerable<(string Metric, List<(string Label, double Value)> Bars)> Comparisons(JsonObject result, string ownName = "model")
    {
        if (result["metrics"] is not JsonObject own)
            yield break;
        var baselines = result["baselines"] as JsonObject;
        foreach (var (metric, node) in own)
        {
            if (node is not JsonValue v || !v.TryGetValue<double>(out var x) || metric is "bundles" or "users" or "queries")
                continue;
            var bars = new List<(string, double)> { (ownName, x) };
            if (baselines is not null)
                foreach (var (name, b) in baselines)
                    if (b is JsonObject bo && bo[metric] is JsonValue bv && bv.TryGetValue<double>(out var y))
                        bars.Add((name.Replace('_', ' '), y));
            yield return (metric, bars);
        }
    }

    /// <summary>The simulated-shop incremental profit per policy (engine, baselines, the clairvoyant oracle, and when the
    /// result has them the willingness-to-pay oracle and the "informed together" diagnostic), when the result has one.</summary>
    public static List<(string Label, double Value)>? SimulatedProfit(JsonObject result)
    {
        if (result["simulation"] is not JsonObject sim)
            return null;
        var bars = new List<(string, double)>();
        void Add(string label, JsonNode? node)
        {
            if (node is JsonObject o && o["incremental_profit"] is JsonValue v && v.TryGetValue<double>(out var p))
                bars.Add((label, p));
        }
        Add("engine", sim["engine"]);
        if (sim["baselines"] is JsonObject baselines)
            foreach (var (name, b) in baselines)
                Add(name.Replace('_', ' '), b);
        Add(sim["wtp_oracle"] is null ? "oracle" : "clairvoyant oracle", sim["oracle"]);
        Add("willingness-to-pay oracle", sim["wtp_oracle"]);
        if (sim["diagnostics"] is JsonObject diagnostics)
            Add("informed together (diagnostic)", diagnostics["informed_together"]);
        return bars.Count > 0 ? bars : null;
    }
}
