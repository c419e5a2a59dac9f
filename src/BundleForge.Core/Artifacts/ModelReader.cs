using System.Text.Json;

namespace BundleForge.Artifacts;

/// <summary>Opens a model folder, checking the manifest and every file's checksum before anything is used.</summary>
public sealed class ModelReader
{
    private ModelReader(string directory, ModelManifest manifest)
    {
        Directory = directory;
        Manifest = manifest;
    }

    public string Directory { get; }
    public ModelManifest Manifest { get; }

    /// <summary>Opens and verifies <paramref name="directory"/>; a missing, foreign or corrupted model is a <see cref="DataException"/>.</summary>
    public static ModelReader Open(string directory, bool verifyChecksums = true)
    {
        var dir = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(dir))
            throw new DataException("Model folder not found.", directory);
        var manifestPath = Path.Combine(dir, ModelManifest.FileName);
        if (!File.Exists(manifestPath))
            throw new DataException("Not a BundleForge model: manifest.json is missing.", directory);
        ModelManifest? manifest;
        try
        { manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(manifestPath), ModelManifest.Json); }
        catch (JsonException e) { throw new DataException($"manifest.json is not valid JSON: {e.Message}", manifestPath); }
        if (manifest is null)
            throw new DataException("manifest.json is empty.", manifestPath);
        if (manifest.FormatVersion > ModelManifest.CurrentFormatVersion)
            throw new DataException($"The model was written by a newer BundleForge (format {manifest.FormatVersion}).", manifestPath);
        if (verifyChecksums)
            foreach (var (name, component) in manifest.Components)
                foreach (var (file, entry) in component.Files)
                {
                    var path = Path.Combine(dir, name, file);
                    if (!File.Exists(path))
                        throw new DataException("A file listed in the manifest is missing.", path);
                    if (new FileInfo(path).Length != entry.Bytes || ModelWriter.Sha256Of(path) != entry.Sha256)
                        throw new DataException("Checksum mismatch: the file is corrupted or was changed after training.", path);
                }
        return new ModelReader(dir, manifest);
    }

    public bool Has(string component) => Manifest.Components.ContainsKey(component);

    private readonly Dictionary<string, object> _shared = new(StringComparer.Ordinal);

    /// <summary>The object <paramref name="load"/> makes from this folder, made once per reader and then shared: several
    /// consumers of one load (the item2vec recommender and the bundle engine's item2vec signals, say) get the same
    /// immutable model instead of reading the files twice and holding two copies.</summary>
    public T Shared<T>(string key, Func<T> load) where T : class
    {
        lock (_shared)
        {
            if (_shared.TryGetValue(key, out var found))
                return found as T ?? throw new InvalidOperationException($"'{key}' is shared as {found.GetType().Name}, not {typeof(T).Name}.");
            var made = load();
            _shared[key] = made;
            return made;
        }
    }

    /// <summary>The path of a component's file; a missing component is a clear error.</summary>
    public string PathOf(string component, string fileName)
    {
        if (!Has(component))
            throw new DataException($"The model has no '{component}' component (it has: {string.Join(", ", Manifest.Components.Keys)}). Train it with --models {component}.", Directory);
        return Path.Combine(Directory, component, fileName);
    }
}
