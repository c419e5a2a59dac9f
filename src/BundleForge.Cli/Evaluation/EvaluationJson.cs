using System.Text.Json;
using System.Text.Json.Nodes;
using BundleForge.Evaluation;
using BundleForge.Evaluation.BasketCompletion;
using BundleForge.Evaluation.Metrics;

namespace BundleForge.Cli.Evaluation;

/// <summary>The JSON object <c>evaluate --json</c> prints for a task's result: <c>{"task", "protocol", "metrics",
/// "baselines", ...}</c>, the shape the docs quote and the dashboard's evaluation page reads.</summary>
internal static class EvaluationJson
{
    public static JsonObject Of(EvaluationResult result) => result switch
    {
        BasketCompletionTaskResult r => BasketCompletion(r),
        NextItemTaskResult r => NextItem(r),
        BundleRankingTaskResult r => BundleRanking(r),
        NextBasketTaskResult r => NextBasket(r),
        ColdItemsTaskResult r => ColdItems(r),
        _ => throw new ArgumentException($"No JSON form for {result.GetType().Name}.", nameof(result)),
    };

    /// <summary>Next-item ranking metrics as <c>train</c> and <c>evaluate</c> print them: six decimals, the user count
    /// as an integer.</summary>
    public static JsonObject Ranking(RankingMetrics m) => RankingMetricsJson.Of(m);

    private static JsonObject BasketCompletion(BasketCompletionTaskResult r)
    {
        var protocol = JsonSerializer.SerializeToNode(r.Report.Protocol)!.AsObject();
        protocol["model_trained_on_same_data"] = r.ModelTrainedOnSameData;
        var baselines = new JsonObject();
        foreach (var b in r.Report.Baselines)
            baselines[b.Scorer] = Metrics(b);
        return new JsonObject
        {
            ["task"] = r.Task,
            ["protocol"] = protocol,
            ["metrics"] = Metrics(r.Report.Blend),
            ["baselines"] = baselines,
        };
    }

    private static JsonObject Metrics(BasketCompletionResult r)
    {
        var o = new JsonObject();
        foreach (var (k, v) in r.All)
            o[k] = v;
        o["head"] = JsonSerializer.SerializeToNode(r.Head);
        o["tail"] = JsonSerializer.SerializeToNode(r.Tail);
        return o;
    }

    private static JsonObject NextItem(NextItemTaskResult r) => new()
    {
        ["task"] = r.Task,
        ["protocol"] = r.Protocol,
        ["component"] = r.Component,
        ["history_excluded"] = r.HistoryExcluded,
        ["history"] = r.History,
        ["metrics"] = Ranking(r.Model),
        ["baselines"] = new JsonObject { ["popularity"] = Ranking(r.Popularity) },
        ["unknown_items_dropped"] = r.UnknownItemsDropped,
    };

    /// <summary><c>{"task", "protocol", "metrics", "explore", "repeat", "baselines": {name: {metrics..., "explore",
    /// "repeat"}}, "chosen_on_validation", "split"}</c>; <c>metrics</c>, <c>explore</c> and <c>repeat</c> are the
    /// model folder's <c>nextbasket</c> ranker (absent when it has none).</summary>
    private static JsonObject NextBasket(NextBasketTaskResult r)
    {
        var result = new JsonObject { ["task"] = r.Task, ["protocol"] = r.Protocol };
        if (r.Model is { } m)
        {
            result["metrics"] = Ranking(m.Whole);
            result["explore"] = Ranking(m.Explore);
            result["repeat"] = Ranking(m.Repeat);
            if (r.Served is { } served)
                result["served_policy"] = served.Name;
        }
        var baselines = new JsonObject();
        foreach (var (name, b) in r.Baselines)
        {
            var o = Ranking(b.Whole);
            o["explore"] = Ranking(b.Explore);
            o["repeat"] = Ranking(b.Repeat);
            baselines[name] = o;
        }
        result["baselines"] = baselines;
        var t = r.TifuKnn;
        result["chosen_on_validation"] = new JsonObject
        {
            ["personal_top"] = new JsonObject { ["half_life_days"] = r.PersonalTopHalfLifeDays },
            ["tifu_knn"] = new JsonObject
            {
                ["group_size"] = t.GroupSize,
                ["within_decay"] = t.WithinDecay,
                ["group_decay"] = t.GroupDecay,
                ["neighbours"] = t.Neighbours,
                ["alpha"] = t.Alpha,
                ["validation_ndcg@10"] = Math.Round(r.TifuKnnValidationNdcg, 6),
                ["settings_tried"] = r.TifuKnnSettingsTried,
            },
        };
        result["split"] = new JsonObject
        {
            ["test_days"] = r.TestDays,
            ["validation_days"] = r.ValidationDays,
            ["test_start"] = r.TestStart.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["validation_start"] = r.ValidationStart.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["model_trained_until"] = r.ModelTrainedUntil?.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["customers"] = r.Cases,
            ["validation_customers"] = r.ValidationCases,
            ["buyers_without_history"] = r.BuyersWithoutHistory,
        };
        result["seconds"] = Math.Round(r.Seconds, 3);
        return result;
    }

    /// <summary><c>{"task", "protocol", "model", "metrics", "baselines": {name: metrics}, "intervals": {name: {...}},
    /// "model_minus_tfidf", "rule", "map", "split", "seconds"}</c>; <c>metrics</c> is <c>new_item_blend</c>'s.</summary>
    private static JsonObject ColdItems(ColdItemsTaskResult r)
    {
        var baselines = new JsonObject();
        foreach (var (name, m) in r.Baselines)
            baselines[name] = Ranking(m);
        return new JsonObject
        {
            ["task"] = r.Task,
            ["protocol"] = r.Protocol,
            ["model"] = r.ModelName,
            ["metrics"] = Ranking(r.Model),
            ["baselines"] = baselines,
            ["intervals"] = Intervals(r.Intervals),
            ["model_minus_tfidf"] = Interval(r.ModelMinusTfIdf),
            ["rule"] = new JsonObject
            {
                ["from"] = r.BlendFrom,
                ["neighbours"] = r.Blend.Neighbours,
                ["text_weight"] = r.Blend.TextWeight,
                ["word_weight"] = r.Blend.WordWeight,
                ["behaviour_weight"] = r.Blend.BehaviourWeight,
                ["validation_days"] = r.Blend.ValidationDays,
                ["validation_start"] = r.Blend.ValidationStart?.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                ["validation_customers"] = r.Blend.ValidationCases,
                ["validation_candidates"] = r.Blend.ValidationCandidates,
                ["validation_hr@10"] = r.Blend.ValidationHitRate,
                ["validation_ndcg@10"] = r.Blend.ValidationNdcg,
                ["note"] = r.Blend.Note,
            },
            ["map"] = new JsonObject
            {
                ["rows"] = r.MapRows,
                ["lambda"] = r.MapLambda,
                ["validation_cosine"] = Math.Round(r.MapValidationCosine, 6),
            },
            ["split"] = new JsonObject
            {
                ["test_days"] = r.TestDays,
                ["test_start"] = r.TestStart.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                ["model_trained_until"] = r.ModelTrainedUntil?.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                ["customers"] = r.Cases,
                ["candidates"] = r.Candidates,
                ["mean_targets"] = Math.Round(r.MeanTargets, 4),
            },
            ["seconds"] = Math.Round(r.Seconds, 3),
        };
    }

    private static JsonObject Intervals(IReadOnlyList<ColdItemsInterval> intervals)
    {
        var o = new JsonObject();
        foreach (var i in intervals)
            o[i.Method] = Interval(i);
        return o;
    }

    private static JsonObject Interval(ColdItemsInterval i) => new()
    {
        ["customers"] = i.Customers,
        ["hr@10"] = new JsonArray(Math.Round(i.HitRateLow, 4), Math.Round(i.HitRateHigh, 4)),
        ["ndcg@10"] = new JsonArray(Math.Round(i.NdcgLow, 4), Math.Round(i.NdcgHigh, 4)),
    };

    private static JsonObject BundleRanking(BundleRankingTaskResult r)
    {
        var baselines = new JsonObject();
        foreach (var (name, metrics) in r.Baselines)
            baselines[name] = SetMetrics(metrics);
        var o = new JsonObject
        {
            ["task"] = r.Task,
            ["protocol"] = r.Protocol,
            ["split"] = r.Split.ToString().ToLowerInvariant(),
            ["metrics"] = SetMetrics(r.Model),
            ["baselines"] = baselines,
            ["users"] = r.Users,
            ["bundles"] = r.Bundles,
        };
        if (r.ColdBundles is { } cold)
        {
            var c = SetMetrics(cold.Metrics);
            c["cold_bundles"] = cold.Bundles;
            c["share"] = cold.Share;
            c["users"] = cold.Metrics.Queries;
            var coldBaselines = new JsonObject();
            foreach (var (name, metrics) in cold.Baselines)
                coldBaselines[name] = SetMetrics(metrics);
            c["baselines"] = coldBaselines;
            o["cold_bundles"] = c;
        }
        return o;
    }

    /// <summary><c>recall@k</c> and <c>ndcg@k</c> at each cut-off, four decimals.</summary>
    public static JsonObject SetMetrics(RelevantSetMetrics m)
    {
        var o = new JsonObject();
        foreach (var (k, v) in m.Named())
            o[k] = v;
        return o;
    }
}
