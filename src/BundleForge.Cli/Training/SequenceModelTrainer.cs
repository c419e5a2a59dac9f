using System.CommandLine;
using System.Text.Json.Nodes;
using BundleForge.Cli.Evaluation;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation;
using BundleForge.Evaluation.Metrics;
using BundleForge.Evaluation.NextItem;
using BundleForge.Neural;
using BundleForge.Splits;

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
        var itemFeatures = Options.ItemFeatures(context.Parse) ? ItemFeaturesOf(data.Items) : null;
        int testDays = Options.TestDays(context.Parse);
        SequenceTimeSplit? timeSplit = null;
        if (testDays > 0)
        {
            if (!data.HasRealTime)
                throw new DataException($"--seq-test-days needs real purchase times; the {data.Format} data has none.", field: "--seq-test-days");
            timeSplit = SequenceTimeSplit.Create(data.Sequences, testDays);
        }
        var result = SequenceTrainer.Train(timeSplit?.Train ?? data.Sequences, data.Items.Count, options, itemFeatures, context.Progress);
        var metrics = Metrics(timeSplit is null ? result.Test : NextItemEvaluator.Evaluate(new SequenceNextItemScorer(result.Network), timeSplit));
        var baseline = Metrics(timeSplit is null ? result.PopularityTest : PopularityBaseline.Evaluate(timeSplit, data.Items.Count));
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
            ["item_features"] = itemFeatures is not null,
            ["time_split_days"] = testDays,
        };
        if (itemFeatures is not null)
        {
            var slots = new JsonArray();
            foreach (var name in itemFeatures.SlotNames) slots.Add(name);
            parameters["item_feature_slots"] = slots;
            parameters["item_feature_ids"] = itemFeatures.Vocabulary - 1;
            parameters["items_with_features"] = itemFeatures.ItemsWithFeatures;
        }
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
        var report = new JsonObject
        {
            ["task"] = "next-item",
            ["protocol"] = timeSplit is null ? NextItemTask.Protocol : NextItemTask.TimeSplitProtocol(testDays),
            ["metrics"] = metrics,
            ["baselines"] = new JsonObject { ["popularity"] = baseline },
            ["users"] = data.Sequences.Count,
            ["items"] = data.Items.Count,
            ["epochs_run"] = result.EpochsRun,
            ["best_epoch"] = result.BestEpoch,
            ["seconds_per_epoch"] = Math.Round(result.SecondsPerEpoch, 3),
            ["cpu_seconds_per_epoch"] = Math.Round(result.CpuSecondsPerEpoch, 3),
            ["validation_seconds_per_epoch"] = Math.Round(result.ValidationSecondsPerEpoch, 3),
            ["valid_ndcg@10"] = Math.Round(result.BestValidNdcg10, 6),
            ["epoch_loss"] = losses,
            ["epoch_valid_ndcg@10"] = valid,
        };
        if (timeSplit is not null)
        {
            report["test_start_utc"] = DateTimeOffset.FromUnixTimeSeconds(timeSplit.TestStart).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss");
            report["test_users"] = timeSplit.CaseCount;
            report["test_buyers_without_history"] = timeSplit.BuyersWithoutHistory;
            // Leave-last-out inside the training period, where early stopping looked.
            report["training_period_leave_last_out"] = new JsonObject
            {
                ["metrics"] = Metrics(result.Test),
                ["baselines"] = new JsonObject { ["popularity"] = Metrics(result.PopularityTest) },
            };
        }
        return report;
    }

    /// <summary>The category levels, brand and price band of the catalog's items; a user error when no item has any.</summary>
    private static ItemFeatureTable ItemFeaturesOf(ItemCatalog catalog)
    {
        var table = ItemFeatureTable.FromEncodings(AttributeEncodings.Build(catalog));
        if (table.ItemsWithFeatures == 0)
            throw new DataException("--item-features needs item categories, brands or prices; the data has none for any item.", field: "--item-features");
        return table;
    }

    internal static JsonObject Metrics(RankingMetrics m) => EvaluationJson.Ranking(m);
}
