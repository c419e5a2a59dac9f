using BundleForge.Neural;

namespace BundleForge.Cli.Training;

/// <summary>Every trainer <c>train</c> knows, in the order they run (later models may read earlier components).</summary>
internal static class ModelTrainers
{
    public static IReadOnlyList<IModelTrainer> All { get; } =
    [
        new BaselineTrainer(),
        new RulesTrainer(),
        new Item2VecModelTrainer(),
        new SequenceModelTrainer(BundleForge.Neural.SequenceModelKind.SasRec),
        new SequenceModelTrainer(BundleForge.Neural.SequenceModelKind.Bert4Rec),
        new BundlesTrainer(),
    ];
}
