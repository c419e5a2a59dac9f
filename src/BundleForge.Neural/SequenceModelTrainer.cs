using System.Text.Json.Nodes;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation.Metrics;
using BundleForge.Evaluation.NextItem;
using BundleForge.Splits;
using BundleForge.Training;

namespace BundleForge.Neural;

/// <summary>The Transformer next-item models <c>sasrec</c> and <c>bert4rec</c>: trained on leave-last-out sequences
/// (or on the purchases before a time split), the best validation checkpoint written as a model component, its test
/// metrics reported beside the popularity baseline.</summary>
public sealed class SequenceModelTrainer(SequenceModelOptions options) : IModelTrainer
{
    /// <inheritdoc />
    public ModelReport Train(TrainingContext context, CancellationToken cancellation)
    {
        var data = context.Data;
        var settings = options with { Threads = context.Threads, Seed = context.Seed };
        var itemFeatures = settings.ItemFeatures ? ItemFeaturesOf(data.Items, settings) : null;
        SequenceTimeSplit? timeSplit = null;
        if (settings.TestDays > 0)
        {
            if (!data.HasRealTime)
                throw new DataException($"{settings.OptionPrefix}.TestDays needs real purchase times; the {data.Format} data has none.", field: $"{settings.OptionPrefix}.TestDays");
            timeSplit = SequenceTimeSplit.Create(data.Sequences, settings.TestDays);
        }
        var result = SequenceTrainer.Train(timeSplit?.Train ?? data.Sequences, data.Items.Count, settings, itemFeatures, context.Progress, cancellation);
        using var network = result.Network;
        var metrics = timeSplit is null ? result.Test : NextItemEvaluator.Evaluate(new SequenceNextItemScorer(network), timeSplit);
        var popularity = timeSplit is null ? result.PopularityTest : PopularityBaseline.Evaluate(timeSplit, data.Items.Count);
        SequenceModelArtifact.Write(context.Writer, network, data.Items.Ids, Parameters(settings, itemFeatures, result.History), new JsonObject
        {
            ["test"] = RankingMetricsJson.Of(metrics),
            ["best_epoch"] = result.BestEpoch,
            ["refit_epochs"] = result.RefitEpochs,
            ["valid_ndcg@10"] = Math.Round(result.BestValidNdcg10, 6),
        });
        return new SequenceModelReport
        {
            Kind = settings.Kind,
            TestDays = settings.TestDays,
            Metrics = metrics,
            Popularity = popularity,
            Users = data.Sequences.Count,
            Items = data.Items.Count,
            EpochsRun = result.EpochsRun,
            BestEpoch = result.BestEpoch,
            SecondsPerEpoch = result.SecondsPerEpoch,
            CpuSecondsPerEpoch = result.CpuSecondsPerEpoch,
            ValidationSecondsPerEpoch = result.ValidationSecondsPerEpoch,
            BestValidNdcg10 = result.BestValidNdcg10,
            EpochLoss = result.EpochLoss,
            EpochValidNdcg10 = result.EpochValidNdcg10,
            History = result.History,
            RefitEpochs = result.RefitEpochs,
            RefitSeconds = result.RefitSeconds,
            TimeSplit = timeSplit is null ? null : new SequenceTimeSplitReport(
                DateTimeOffset.FromUnixTimeSeconds(timeSplit.TestStart).UtcDateTime, timeSplit.CaseCount, timeSplit.BuyersWithoutHistory,
                result.Test, result.PopularityTest),
        };
    }

    /// <summary>The training settings the manifest records (evaluation reads <c>time_split_days</c> back).</summary>
    private static JsonObject Parameters(SequenceModelOptions settings, ItemFeatureTable? itemFeatures, SequenceHistoryDecision history)
    {
        var parameters = new JsonObject
        {
            ["loss"] = settings.Loss.ToString().ToLowerInvariant(),
            ["negatives"] = settings.Negatives,
            ["negative_sampling"] = settings.NegativeSampling.ToString().ToLowerInvariant(),
            ["logq_correction"] = settings.LogQCorrection,
            ["lr_schedule"] = settings.Schedule.ToString().ToLowerInvariant(),
            ["warmup_steps"] = settings.WarmupSteps,
            ["epochs"] = settings.Epochs,
            ["batch_size"] = settings.BatchSize,
            ["learning_rate"] = settings.LearningRate,
            ["weight_decay"] = settings.WeightDecay,
            ["decay_embeddings"] = settings.DecayEmbeddings,
            ["label_smoothing"] = settings.LabelSmoothing,
            ["patience"] = settings.Patience,
            ["refit"] = settings.Refit,
            ["seed"] = settings.Seed,
            ["item_features"] = itemFeatures is not null,
            ["time_split_days"] = settings.TestDays,
            ["history"] = history.Name,
            ["history_evidence"] = HistoryEvidenceJson.Of(history),
        };
        if (itemFeatures is not null)
        {
            var slots = new JsonArray();
            foreach (var name in itemFeatures.SlotNames)
                slots.Add(name);
            parameters["item_feature_slots"] = slots;
            parameters["item_feature_ids"] = itemFeatures.Vocabulary - 1;
            parameters["items_with_features"] = itemFeatures.ItemsWithFeatures;
        }
        return parameters;
    }

    /// <summary>The category levels, brand and price band of the catalog's items; a user error when no item has any.</summary>
    private static ItemFeatureTable ItemFeaturesOf(ItemCatalog catalog, SequenceModelOptions settings)
    {
        var table = ItemFeatureTable.FromEncodings(AttributeEncodings.Build(catalog));
        if (table.ItemsWithFeatures == 0)
            throw new DataException($"{settings.OptionPrefix}.ItemFeatures needs item categories, brands or prices; the data has none for any item.", field: $"{settings.OptionPrefix}.ItemFeatures");
        return table;
    }
}
