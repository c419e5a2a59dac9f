using BundleForge.Artifacts;
using BundleForge.Data;
using BundleForge.Evaluation.NextItem;

namespace BundleForge.Evaluation;

/// <summary>What an evaluation task gets: the verified model folder, the dataset, where to report progress, and the
/// next-item models the host can open.</summary>
public sealed record EvaluationContext(ModelReader Model, Dataset Data)
{
    /// <summary>Where long tasks report progress; null for none.</summary>
    public IProgress<ProgressUpdate>? Progress { get; init; }

    /// <summary>Loaders of the next-item model components the host can open (e.g. <c>sasrec</c>, <c>bert4rec</c>), in
    /// order of preference. The sequence models live in a project the core cannot reference, so the host hands them in.</summary>
    public IReadOnlyList<INextItemModelLoader> NextItemModels { get; init; } = [];
}
