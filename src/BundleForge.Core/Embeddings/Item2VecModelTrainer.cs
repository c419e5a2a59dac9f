using System.Text.Json.Nodes;
using BundleForge.Training;

namespace BundleForge.Embeddings;

/// <summary>Trains the <c>item2vec</c> component: item vectors, attribute encodings, cold-start vectors, co-occurrence
/// and pseudonymised user profiles.</summary>
public sealed class Item2VecModelTrainer(Item2VecOptions options) : IModelTrainer
{
    /// <inheritdoc />
    public ModelReport Train(TrainingContext context, CancellationToken cancellation)
    {
        var settings = options with { Threads = context.Threads, Seed = context.Seed };
        var (model, report) = Item2VecModel.Train(context.Data, settings, context.Pseudonymizer, context.Progress, cancellation);
        model.Save(context.Writer, settings, new JsonObject
        {
            ["seconds"] = Math.Round(report.Seconds, 3),
            ["words_per_second"] = Math.Round(report.WordsPerSecond),
            ["vocabulary"] = report.Vocabulary,
            ["raw_tokens"] = report.RawTokens,
            ["cold_start_items"] = report.ColdStartItems,
            ["profiles"] = report.Profiles,
        });
        return report;
    }
}
