using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace BundleForge.Artifacts;

/// <summary>The <c>manifest.json</c> of a model folder: versions, the data it was trained on, and per component its
/// parameters, metrics and files with SHA-256 checksums.</summary>
public sealed class ModelManifest
{
    public const string FileName = "manifest.json";
    public const int CurrentFormatVersion = 1;

    [JsonPropertyName("format_version")] public int FormatVersion { get; set; } = CurrentFormatVersion;
    [JsonPropertyName("bundleforge_version")] public string BundleForgeVersion { get; set; } = typeof(ModelManifest).Assembly.GetName().Version?.ToString() ?? "0";
    [JsonPropertyName("created_utc")] public DateTime CreatedUtc { get; set; } = DateTime.UtcNow;
    /// <summary>A version id that changes with every training run (used by the server for hot reload).</summary>
    [JsonPropertyName("model_version")] public string ModelVersion { get; set; } = "";
    [JsonPropertyName("data_fingerprint")] public string DataFingerprint { get; set; } = "";
    [JsonPropertyName("data_format")] public string DataFormat { get; set; } = "";
    [JsonPropertyName("components")] public SortedDictionary<string, ModelComponent> Components { get; set; } = new(StringComparer.Ordinal);

    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
}

/// <summary>One trained part of a model folder (rules, item2vec, sasrec, ...).</summary>
public sealed class ModelComponent
{
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("parameters")] public JsonObject Parameters { get; set; } = new();
    [JsonPropertyName("metrics")] public JsonObject Metrics { get; set; } = new();
    /// <summary>File name (relative to the component's folder) → checksum and size.</summary>
    [JsonPropertyName("files")] public SortedDictionary<string, ModelFile> Files { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A file of a component with its SHA-256 (lowercase hex) and length in bytes.</summary>
public sealed class ModelFile
{
    [JsonPropertyName("sha256")] public string Sha256 { get; set; } = "";
    [JsonPropertyName("bytes")] public long Bytes { get; set; }
}
