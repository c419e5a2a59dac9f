using BundleForge.Artifacts;
using BundleForge.Data;
using BundleForge.Privacy;

namespace BundleForge.Training;

/// <summary>What a trainer gets: the cleaned dataset, the model folder being written and the settings every model of
/// the run shares.</summary>
public sealed class TrainingContext(Dataset data, ModelWriter writer, int threads, int seed, Pseudonymizer? pseudonymizer, IProgress<ProgressUpdate>? progress)
{
    private Pseudonymizer? _pseudonymizer = pseudonymizer;

    /// <summary>The dataset, without the users the plan excluded.</summary>
    public Dataset Data { get; } = data;

    /// <summary>The model folder being written; <see cref="ModelWriter.Has"/> tells which components this run wrote so far.</summary>
    public ModelWriter Writer { get; } = writer;

    /// <summary>Worker threads every model uses.</summary>
    public int Threads { get; } = threads;

    /// <summary>Random seed every model uses.</summary>
    public int Seed { get; } = seed;

    /// <summary>Where trainers report progress (never null).</summary>
    public IProgress<ProgressUpdate> Progress { get; } = progress ?? new Progress<ProgressUpdate>();

    /// <summary>Turns user ids into the pseudonymous keys models store: the plan's, else the one configured for this
    /// machine, looked up only when a model needs it (it may create the machine's secret on first use).</summary>
    public Pseudonymizer Pseudonymizer => _pseudonymizer ??= Pseudonymizer.FromEnvironment();
}
