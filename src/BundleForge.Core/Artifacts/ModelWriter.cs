using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BundleForge.Artifacts;

/// <summary>Writes a model folder atomically: every file goes to a staging folder beside the target, the manifest
/// (with checksums) is written last, and only then the staging folder replaces the target. A crash or error leaves
/// the previous model untouched.</summary>
public sealed class ModelWriter : IDisposable
{
    private readonly string _target;
    private readonly string _staging;
    private readonly ModelManifest _manifest = new();
    private bool _committed;

    public ModelWriter(string targetDirectory, string dataFingerprint, string dataFormat)
    {
        _target = Path.GetFullPath(targetDirectory);
        var parent = Path.GetDirectoryName(_target) ?? throw new DataException("The model folder needs a parent folder.", _target);
        if (File.Exists(_target))
            throw new DataException("A file, not a folder, is in the way of the model folder.", _target);
        try
        { Directory.CreateDirectory(parent); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DataException($"Cannot create the model's parent folder: {e.Message}", parent); }
        _staging = Path.Combine(parent, $".{Path.GetFileName(_target)}.staging-{Guid.NewGuid():N}");
        try
        { Directory.CreateDirectory(_staging); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DataException($"Cannot write the model folder: {e.Message}", _target); }
        _manifest.DataFingerprint = dataFingerprint;
        _manifest.DataFormat = dataFormat;
        _manifest.ModelVersion = $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>The folder this writer replaces on commit: a trainer may reuse what the previous model there computed
    /// (the text vectors of unchanged titles, say).</summary>
    public string TargetDirectory => _target;

    /// <summary>Where a component writes its file <paramref name="fileName"/> (the component's folder is created).</summary>
    public string PathFor(string component, string fileName)
    {
        var dir = Path.Combine(_staging, component);
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, fileName);
    }

    /// <summary>Records a component whose files were written under <see cref="PathFor"/>; checksums are computed here.</summary>
    public void AddComponent(string component, string kind, JsonObject? parameters = null, JsonObject? metrics = null)
    {
        var entry = new ModelComponent { Kind = kind, Parameters = parameters ?? new(), Metrics = metrics ?? new() };
        var dir = Path.Combine(_staging, component);
        if (Directory.Exists(dir))
            foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                entry.Files[Path.GetRelativePath(dir, f).Replace('\\', '/')] = new ModelFile { Sha256 = Sha256Of(f), Bytes = new FileInfo(f).Length };
        _manifest.Components[component] = entry;
    }

    /// <summary>True when <paramref name="component"/> was added in this run (later trainers may build on it).</summary>
    public bool Has(string component) => _manifest.Components.ContainsKey(component);

    /// <summary>Writes the manifest and swaps the staging folder into place.</summary>
    public ModelManifest Commit()
    {
        File.WriteAllText(Path.Combine(_staging, ModelManifest.FileName), JsonSerializer.Serialize(_manifest, ModelManifest.Json));
        string? old = null;
        if (Directory.Exists(_target))
        {
            if (!File.Exists(Path.Combine(_target, ModelManifest.FileName)) && Directory.EnumerateFileSystemEntries(_target).Any())
                throw new DataException("The output folder exists and is not a BundleForge model; refusing to replace it.", _target);
            old = _target + $".old-{Guid.NewGuid():N}";
            Directory.Move(_target, old);
        }
        Directory.Move(_staging, _target);
        _committed = true;
        if (old is not null)
            Directory.Delete(old, recursive: true);
        return _manifest;
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(_staging))
            try
            { Directory.Delete(_staging, recursive: true); }
            catch (IOException) { }
    }

    internal static string Sha256Of(string file)
    {
        using var s = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }
}
