using System.Text.Json;
using System.Text.Json.Nodes;
using BundleForge.Baseline;
using BundleForge.BundleRanking;
using BundleForge.Bundles.Engine;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation;
using BundleForge.Evaluation.Metrics;
using BundleForge.Mining;
using BundleForge.Neural;
using BundleForge.Text;
using BundleForge.Training;

namespace BundleForge.Cli.Commands;

/// <summary>The figures of each trained model as <c>train --json</c> (and the demo) print them, rounded as the model
/// documentation shows them.</summary>
internal static class TrainingResultJson
{
    /// <summary>Component → figures, in the order the models trained.</summary>
    public static JsonObject Models(TrainingResult result)
    {
        var models = new JsonObject();
        foreach (var report in result.Models)
            models[report.Component] = Figures(report);
        return models;
    }

    /// <summary>The figures of one model's report.</summary>
    public static JsonObject Figures(ModelReport report) => report switch
    {
        BaselineReport b => new JsonObject
        {
            ["items"] = b.Items,
            ["pair_baskets"] = b.PairBaskets,
            ["neighbour_pairs"] = b.NeighbourPairs,
            ["profiles"] = b.Profiles,
            ["seconds"] = Math.Round(b.Seconds, 3),
        },
        RulesReport r => new JsonObject
        {
            ["transactions"] = r.Transactions,
            ["items"] = r.Items,
            ["min_count"] = r.MinCount,
            ["rules"] = r.Rules,
            ["pairs"] = r.Pairs,
            ["seconds"] = Math.Round(r.Seconds, 3),
        },
        Item2VecModel.TrainingReport i => new JsonObject
        {
            ["seconds"] = Math.Round(i.Seconds, 3),
            ["words_per_second"] = Math.Round(i.WordsPerSecond),
            ["vocabulary"] = i.Vocabulary,
            ["raw_tokens"] = i.RawTokens,
            ["cold_start_items"] = i.ColdStartItems,
            ["profiles"] = i.Profiles,
        },
        SequenceModelReport s => Sequence(s),
        Recommendation.NextBasketReport n => new JsonObject
        {
            ["validation_customers"] = n.ValidationCustomers,
            ["fitting_rows"] = n.FittingRows,
            ["l2"] = n.L2,
            ["validation_ndcg@10"] = Math.Round(n.ValidationNdcg, 6),
            ["explore_boost"] = n.ExploreBoost,
            ["explore_share"] = n.ExploreShare,
            ["explore_start"] = n.ExploreStart,
            ["explore_depth"] = n.ExploreDepth,
            ["users"] = n.Users,
            ["uses_item2vec"] = n.UsesItem2Vec,
            ["served_policy"] = n.Served,
            ["seconds"] = Math.Round(n.Seconds, 3),
        },
        TextModelReport t => new JsonObject
        {
            ["encoder"] = t.Encoder,
            ["items"] = t.Items,
            ["encoded"] = t.Encoded,
            ["reused"] = t.Reused,
            ["without_text"] = t.WithoutText,
            ["texts_per_second"] = Math.Round(t.TextsPerSecond, 1),
            ["encode_seconds"] = Math.Round(t.EncodeSeconds, 3),
            ["seconds"] = Math.Round(t.Seconds, 3),
        },
        BundlesReport b => new JsonObject
        {
            ["users"] = b.Users,
            ["history_rows"] = b.HistoryRows,
            ["items"] = b.Items,
            ["signals"] = Strings(b.Signals),
            ["seconds"] = Math.Round(b.Seconds, 3),
        },
        BundleRankerReport r => new JsonObject
        {
            ["bundles"] = r.Bundles,
            ["train_pairs"] = r.TrainPairs,
            ["learned_from"] = BundleCatalog.Name(r.LearnedFrom),
            ["item_view_users"] = r.ItemViewUsers,
            ["validation_users"] = r.ValidationUsers,
            ["validation_pairs"] = r.ValidationPairs,
            ["lambda"] = r.Settings.Lambda,
            ["diagonal_weight"] = r.Settings.DiagonalWeight,
            ["two_hop_weight"] = r.Settings.TwoHop,
            ["co_takers_weight"] = r.Settings.CoTakers,
            ["content_weight"] = r.Settings.Content,
            ["item_overlap_weight"] = r.Settings.ItemOverlap,
            ["item_neighbours_weight"] = r.Settings.ItemNeighbours,
            ["popularity_weight"] = r.Settings.Popularity,
            ["cold_bundles"] = r.ColdBundles,
            [$"validation_recall@{r.ValidationK}"] = Math.Round(r.ValidationRecall, 6),
            [$"validation_ndcg@{r.ValidationK}"] = Math.Round(r.ValidationNdcg, 6),
            ["candidates"] = r.Candidates,
            ["inverse_seconds"] = Math.Round(r.InverseSeconds, 3),
            ["learner"] = r.Learner,
            ["learned_weight"] = r.Settings.Learned,
            ["learned_epochs"] = r.LearnedEpochs,
            [$"learned_validation_recall@{r.ValidationK}"] = Math.Round(r.LearnedValidationRecall, 6),
            [$"learned_validation_ndcg@{r.ValidationK}"] = Math.Round(r.LearnedValidationNdcg, 6),
            ["learned_seconds"] = Math.Round(r.LearnedSeconds, 3),
            ["seconds"] = Math.Round(r.Seconds, 3),
        },
        // A model this build's CLI does not know yet still shows its figures.
        _ => JsonSerializer.SerializeToNode(report, report.GetType(), CommandHost.Json)!.AsObject(),
    };

    private static JsonObject Sequence(SequenceModelReport s)
    {
        var losses = new JsonArray();
        foreach (var l in s.EpochLoss)
            losses.Add(Math.Round(l, 5));
        var valid = new JsonArray();
        foreach (var v in s.EpochValidNdcg10)
            valid.Add(Math.Round(v, 6));
        var o = new JsonObject
        {
            ["task"] = "next-item",
            ["protocol"] = NextItemTask.WithHistoryRule(s.TestDays > 0 ? NextItemTask.TimeSplitProtocol(s.TestDays) : NextItemTask.Protocol, false, s.History.Masked),
            ["history"] = s.History.Name,
            ["history_evidence"] = HistoryEvidenceJson.Of(s.History),
            ["metrics"] = RankingMetricsJson.Of(s.Metrics),
            ["baselines"] = new JsonObject { ["popularity"] = RankingMetricsJson.Of(s.Popularity) },
            ["users"] = s.Users,
            ["items"] = s.Items,
            ["epochs_run"] = s.EpochsRun,
            ["best_epoch"] = s.BestEpoch,
            ["seconds_per_epoch"] = Math.Round(s.SecondsPerEpoch, 3),
            ["cpu_seconds_per_epoch"] = Math.Round(s.CpuSecondsPerEpoch, 3),
            ["validation_seconds_per_epoch"] = Math.Round(s.ValidationSecondsPerEpoch, 3),
            ["valid_ndcg@10"] = Math.Round(s.BestValidNdcg10, 6),
            ["epoch_loss"] = losses,
            ["epoch_valid_ndcg@10"] = valid,
        };
        if (s.RefitEpochs > 0)
            o["refit"] = new JsonObject { ["epochs"] = s.RefitEpochs, ["seconds"] = Math.Round(s.RefitSeconds, 1) };
        if (s.TimeSplit is { } split)
        {
            o["test_start_utc"] = split.TestStartUtc.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            o["test_users"] = split.TestUsers;
            o["test_buyers_without_history"] = split.BuyersWithoutHistory;
            // Leave-last-out inside the training period, where early stopping looked.
            o["training_period_leave_last_out"] = new JsonObject
            {
                ["metrics"] = RankingMetricsJson.Of(split.TrainingPeriodMetrics),
                ["baselines"] = new JsonObject { ["popularity"] = RankingMetricsJson.Of(split.TrainingPeriodPopularity) },
            };
        }
        return o;
    }

    private static JsonArray Strings(IReadOnlyList<string> values)
    {
        var a = new JsonArray();
        foreach (var v in values)
            a.Add(v);
        return a;
    }
}
