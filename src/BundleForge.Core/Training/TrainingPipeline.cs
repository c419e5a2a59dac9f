using BundleForge.Artifacts;
using BundleForge.Data;
using BundleForge.Privacy;
using BundleForge.Splits;

namespace BundleForge.Training;

/// <summary>Trains the models of a <see cref="TrainingPlan"/> into one model folder, written atomically: every folder
/// also carries the catalog and a data summary (serving, pricing and reports need them), and none is left half
/// written when a model fails or the run is cancelled.</summary>
public static class TrainingPipeline
{
    /// <summary>Validates the plan, leaves out the held-out days and the users it excludes, trains its models in order (those reading other
    /// components last) and commits the folder. Cancellation is checked before every model and passed into the
    /// trainers that can stop midway; a cancelled or failed run leaves any existing folder untouched.</summary>
    public static TrainingResult Run(Dataset dataset, TrainingPlan plan, IProgress<ProgressUpdate>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(plan);
        plan.Validate();
        cancellation.ThrowIfCancellationRequested();

        var data = plan.HoldOutDays > 0 ? TrainingPeriod.Before(dataset, plan.HoldOutDays) : dataset;
        int? excluded = null;
        Pseudonymizer? pseudonymizer = plan.Pseudonymizer;
        if (plan.ExcludesUsers)
        {
            var list = ExcludedUserList.Of(plan);
            int removed = 0;
            if (list.Count > 0)
            {
                pseudonymizer ??= Pseudonymizer.FromEnvironment();
                data = ErasedUsers.Remove(data, list, pseudonymizer, out removed);
            }
            excluded = removed;
        }

        using var writer = new ModelWriter(plan.OutputFolder, data.Fingerprint, data.Format);
        CatalogComponent.Save(writer, data.Items);
        DataSummary.Compute(data).Save(writer);
        var context = new TrainingContext(data, writer, plan.Threads, plan.Seed, pseudonymizer, progress);
        var reports = new List<ModelReport>(plan.Models.Count);
        foreach (var options in InTrainingOrder(plan.Models))
        {
            cancellation.ThrowIfCancellationRequested();
            if (options.IsOffFor(data))
                continue;
            var report = options.CreateTrainer().Train(context, cancellation);
            if (report.Component != options.Component)
                throw new InvalidOperationException($"The trainer of '{options.Component}' reported '{report.Component}'.");
            reports.Add(report);
        }
        cancellation.ThrowIfCancellationRequested();
        var manifest = writer.Commit();
        return new TrainingResult { ModelFolder = Path.GetFullPath(plan.OutputFolder), Manifest = manifest, Models = reports, ExcludedUsers = excluded };
    }

    /// <summary>The plan's order, except that models reading the others' components come last (in their own order).</summary>
    private static List<IModelOptions> InTrainingOrder(IReadOnlyList<IModelOptions> models)
    {
        var ordered = new List<IModelOptions>(models.Count);
        foreach (var m in models)
            if (!m.ReadsOtherComponents)
                ordered.Add(m);
        foreach (var m in models)
            if (m.ReadsOtherComponents)
                ordered.Add(m);
        return ordered;
    }
}
