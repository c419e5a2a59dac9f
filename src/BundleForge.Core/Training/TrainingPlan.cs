using BundleForge.Privacy;

namespace BundleForge.Training;

/// <summary>What <see cref="TrainingPipeline.Run"/> trains: the model folder to write, the models with their typed
/// settings, the settings they share and the users to leave out.</summary>
public sealed record TrainingPlan
{
    /// <summary>The model folder to write; it is replaced only once every model trained.</summary>
    public string OutputFolder { get; init; } = "";

    /// <summary>The models to train, one options record each (<c>BaselineOptions</c>, <c>RulesOptions</c>,
    /// <c>Item2VecOptions</c>, Neural's <c>SequenceModelOptions</c>, <c>BundleModelOptions</c>). They train in this order,
    /// except that models reading the others' components train last.</summary>
    public IReadOnlyList<IModelOptions> Models { get; init; } = [];

    /// <summary>Worker threads of every model (replaces the options records' own).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Random seed of every model (replaces the options records' own), so a seed gives the same figures.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Users to leave out of training, as the shop's user ids or pseudonymous keys (as the server's erasure
    /// list holds them); null when none are asked for.</summary>
    public IReadOnlyCollection<string>? ExcludedUsers { get; init; }

    /// <summary>A file of further users to leave out, one id or key per line (empty lines and <c>#</c> comments are
    /// skipped); null when there is none.</summary>
    public string? ExcludedUsersFile { get; init; }

    /// <summary>Days at the end of the data left out of training (0 = none): every model trains on the events before
    /// the last N days, as a time-split evaluation with <c>--test-days N</c> needs (see <c>Splits.TrainingPeriod</c>).</summary>
    public int HoldOutDays { get; init; }

    /// <summary>Turns user ids into stored keys; null uses the one configured for this machine.</summary>
    public Pseudonymizer? Pseudonymizer { get; init; }

    /// <summary>True when the plan asks for users to be left out (even if none of them is in the data).</summary>
    public bool ExcludesUsers => ExcludedUsers is not null || ExcludedUsersFile is not null;

    /// <summary>Throws a <see cref="DataException"/> naming the option at fault, in the plan or in a model's
    /// settings, before any data is touched.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputFolder))
            throw new DataException("TrainingPlan.OutputFolder must name the model folder to write.", field: "TrainingPlan.OutputFolder");
        if (Threads < 1)
            throw new DataException($"TrainingPlan.Threads must be at least 1, not {Threads}.", field: "TrainingPlan.Threads");
        if (HoldOutDays < 0)
            throw new DataException($"TrainingPlan.HoldOutDays must not be negative, not {HoldOutDays}.", field: "TrainingPlan.HoldOutDays");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in Models)
        {
            if (model is null)
                throw new DataException("TrainingPlan.Models must not hold null.", field: "TrainingPlan.Models");
            if (!seen.Add(model.Component))
                throw new DataException($"TrainingPlan.Models lists '{model.Component}' twice.", field: "TrainingPlan.Models");
            model.Validate();
        }
    }
}
