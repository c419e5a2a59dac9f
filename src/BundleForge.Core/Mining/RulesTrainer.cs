using System.Diagnostics;
using System.Text.Json.Nodes;
using BundleForge.Training;

namespace BundleForge.Mining;

/// <summary>The <c>rules</c> model: FP-Growth itemsets → association rules, plus the pair co-occurrence table that
/// frequently-bought-together serves from (component <see cref="RulesModel.Component"/>).</summary>
public sealed class RulesTrainer(RulesOptions options) : IModelTrainer
{
    /// <inheritdoc />
    public ModelReport Train(TrainingContext context, CancellationToken cancellation)
    {
        var baskets = context.Data.Baskets;
        int minCount = options.MinCountFor(baskets.Count);
        var clock = Stopwatch.StartNew();
        var model = RulesModel.Train(baskets, context.Data.Items.Ids, new RulesTrainingOptions
        {
            MinCount = minCount,
            MinConfidence = options.MinConfidence,
            MaxSize = options.MaxSize,
            TopPerAntecedent = options.TopPerAntecedent,
            NeighborsPerItem = options.NeighborsPerItem,
            MaxDegreeOfParallelism = context.Threads,
        }, context.Progress, cancellation);
        double seconds = clock.Elapsed.TotalSeconds;
        model.Save(context.Writer, new JsonObject { ["seconds"] = Math.Round(seconds, 3) });
        return new RulesReport(baskets.Count, context.Data.Items.Count, minCount, model.Rules.Count, model.Cooccurrence.Neighbors.Length, seconds);
    }
}
