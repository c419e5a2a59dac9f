using System.CommandLine;
using System.Text.Json.Nodes;
using BundleForge.Cli.Evaluation;
using BundleForge.Neural;

namespace BundleForge.Cli.Training;

/// <summary>The Transformer next-item models <c>sasrec</c> and <c>bert4rec</c>: trained on leave-last-out
/// sequences, the best validation checkpoint written as a model component, its test metrics reported.</summary>
internal sealed class SequenceModelTrainer(SequenceModelKind kind) : IModelTrainer
{
    /// <summary>Shared by both kinds so the options are added once.</summary>
    private static readonly SequenceModelOptionSet Options = new();

    public string Name => SequenceModelArtifact.ComponentOf(kind);

    public void AddOptions(Command train) => Options.AddTo(train);

    public JsonObject Train(TrainContext context)
    {
        var data = context.Data;
        var options = Options.Read(context.Parse, kind, context.Threads, context.Seed);
        var result = SequenceTrainer.Train(data.Sequences, data.Items.Count, options, context.Progress);
        var metrics = Metrics(result.Test);
        var baseline = Metrics(result.PopularityTest);
        var parameters = new JsonObject
        {
            ["loss"] = options.Loss.ToString().ToLowerInvariant(),
            ["negatives"] = options.Negatives,
            ["epochs"] = options.Epochs,
            ["batch_size"] = options.BatchSize,
            ["learning_rate"] = options.LearningRate,
            ["weight_decay"] = options.WeightDecay,
            ["patience"] = options.Patience,
            ["seed"] = options.Seed,
        };
        SequenceModelArtifact.Write(context.Writer, result.Network, data.Items.Ids, parameters, new JsonObject
        {
            ["test"] = metrics.DeepClone(),
            ["best_epoch"] = result.BestEpoch,
            ["valid_ndcg@10"] = Math.Round(result.BestValidNdcg10, 6),
        });
        var losses = new JsonArray();
        foreach (var l in result.EpochLoss) losses.Add(Math.Round(l, 5));
        var valid = new JsonArray();
        foreach (var v in result.EpochValidNdcg10) valid.Add(Math.Round(v, 6));
        return new JsonObject
        {
            ["task"] = "next-item",
            ["protocol"] = NextItemTask.Protocol,
            ["metrics"] = metrics,
            ["baselines"] = new JsonObject { ["popularity"] = baseline },
            ["users"] = data.Sequences.Count,
            ["items"] = data.Items.Count,
            ["epochs_run"] = result.EpochsRun,
            ["best_epoch"] = result.BestEpoch,
            ["seconds_per_epoch"] = Math.Round(result.SecondsPerEpoch, 3),
            ["valid_ndcg@10"] = Math.Round(result.BestValidNdcg10, 6),
            ["epoch_loss"] = losses,
            ["epoch_valid_ndcg@10"] = valid,
        };
    }

    internal static JsonObject Metrics(RankingMetrics m)
    {
        var o = new JsonObject();
        foreach (var (k, v) in m.ToDictionary()) o[k] = k == "users" ? (int)v : Math.Round(v, 6);
        return o;
    }
}
