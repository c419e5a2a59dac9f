using BundleForge.Artifacts;

namespace BundleForge.Training;

/// <summary>What <see cref="TrainingPipeline.Run"/> wrote: the model folder, its manifest and each model's report.</summary>
public sealed record TrainingResult
{
    /// <summary>The full path of the model folder written.</summary>
    public required string ModelFolder { get; init; }

    /// <summary>The manifest written into the folder (components, parameters, metrics, checksums).</summary>
    public required ModelManifest Manifest { get; init; }

    /// <summary>One report per model trained, in the order they trained.</summary>
    public required IReadOnlyList<ModelReport> Models { get; init; }

    /// <summary>Users of the data left out as the plan asked; null when it asked for none.</summary>
    public int? ExcludedUsers { get; init; }

    /// <summary>The path of the manifest file.</summary>
    public string ManifestPath => Path.Combine(ModelFolder, ModelManifest.FileName);

    /// <summary>The version the manifest gives the model folder.</summary>
    public string ModelVersion => Manifest.ModelVersion;

    /// <summary>The report of the one model of type <typeparamref name="T"/>; throws when no such model trained.</summary>
    public T Report<T>() where T : ModelReport
    {
        foreach (var report in Models)
            if (report is T typed)
                return typed;
        throw new InvalidOperationException($"No {typeof(T).Name} in this result (trained: {string.Join(", ", Components())}).");
    }

    private IEnumerable<string> Components()
    {
        foreach (var report in Models)
            yield return report.Component;
    }
}
