using System.CommandLine;
using System.Text.Json.Nodes;

namespace BundleForge.Cli.Training;

/// <summary>One model the <c>train</c> command can build into the model folder (rules, item2vec, sasrec, ...).</summary>
internal interface IModelTrainer
{
    /// <summary>The name used in <c>--models</c> and as the component folder.</summary>
    string Name { get; }

    /// <summary>Adds this model's own options (e.g. <c>--dim</c>) to the train command.</summary>
    void AddOptions(Command train);

    /// <summary>Trains on the context's dataset, writes the component through the context's writer and returns the
    /// figures the <c>--json</c> output reports for it.</summary>
    JsonObject Train(TrainContext context);
}
