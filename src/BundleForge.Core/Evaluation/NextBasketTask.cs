using System.Diagnostics;
using BundleForge.Artifacts;
using BundleForge.Embeddings;
using BundleForge.Evaluation.NextBasket;
using BundleForge.Recommendation;
using BundleForge.Splits;

namespace BundleForge.Evaluation;

/// <summary><c>evaluate --task next-basket</c>: a time split over orders. The baselines that need no training
/// (popularity, personal_top, TIFU-KNN) are built here from the orders before the test period, their parameters
/// chosen on the validation period just before it; the model folder's components (<c>nextbasket</c>,
/// <c>item2vec</c>, <c>sasrec</c>) must have been trained without the test period (<c>train --holdout-days N</c>):
/// the task refuses a folder whose data summary ends inside it, so no figure can come from a model that saw the
/// answers.</summary>
public sealed class NextBasketTask : EvaluationTask<NextBasketTaskOptions, NextBasketTaskResult>
{
    /// <summary>The protocol in words.</summary>
    public static string Protocol(int testDays, int validationDays) =>
        $"time split over orders: test = the last {testDays} days; per customer who ordered before and during them, history = every earlier order, " +
        "targets = the distinct items of the first order in the test period (whole basket; explore = targets never bought before, repeat = bought before); " +
        "HR@k = any target in the top k, NDCG@k with binary gains over all targets, Recall@k = share of targets in the top k; every item may be listed, history items included; " +
        $"popularity, personal_top and tifu_knn are built from the orders before the test period, their parameters chosen by NDCG@10 on the {validationDays} days before it " +
        "(history before those days); model components must be trained without the test period (train --holdout-days)";

    /// <inheritdoc />
    public override string Name => "next-basket";

    /// <inheritdoc />
    public override NextBasketTaskResult Evaluate(EvaluationContext context, NextBasketTaskOptions options)
    {
        var clock = Stopwatch.StartNew();
        var data = context.Data;
        if (!data.HasRealTime)
            throw new DataException($"The next-basket task needs order times; the {data.Format} data has none.", field: "--task");
        int validationDays = options.ValidationDays ?? options.TestDays;
        var test = NextBasketSplit.Create(data.Baskets, data.Items.Count, data.Users.Count, options.TestDays);
        var validation = test.Earlier(validationDays);
        var trainedUntil = CheckTrainedBefore(context.Model, test.Cut, options.TestDays);
        int threads = Math.Max(1, options.Threads);
        void Report(string what) => context.Progress?.Report(new ProgressUpdate("evaluate next-basket", double.NaN, what));

        var baselines = new List<KeyValuePair<string, NextBasketMetrics>>();
        Report($"{test.CaseCount} customers; popularity");
        baselines.Add(new("popularity", NextBasketEvaluator.Evaluate(test, new PopularityRanker(test), threads)));
        Report("personal_top: half-life on validation");
        var (halfLife, _) = PersonalTopRanker.Tune(validation, threads);
        baselines.Add(new("personal_top", NextBasketEvaluator.Evaluate(test, new PersonalTopRanker(test, halfLife), threads)));
        Report($"tifu_knn: {options.TifuKnn.Size} settings on validation");
        var (tifu, tifuNdcg, tried) = TifuKnn.Tune(validation, options.TifuKnn, threads);
        baselines.Add(new("tifu_knn", NextBasketEvaluator.Evaluate(test, TifuKnn.Build(test, tifu), threads)));

        var catalog = CatalogComponent.Load(context.Model);
        var ids = new ItemIdMap(data.Items.Ids, catalog.Ids);
        if (context.Model.Has(Item2VecModel.Component))
        {
            Report("item2vec");
            var item2vec = Item2VecModel.Load(context.Model);
            var vectorIds = new ItemIdMap(data.Items.Ids, item2vec.ItemIds);
            baselines.Add(new("item2vec", NextBasketEvaluator.Evaluate(test, new Item2VecRanker(test, NextBasketModel.VectorsOf(item2vec), vectorIds), threads)));
        }
        foreach (var loader in context.NextItemModels)
        {
            if (!context.Model.Has(loader.Component))
                continue;
            Report(loader.Component);
            using var opened = loader.Load(context.Model);
            var sequenceIds = new ItemIdMap(data.Items.Ids, opened.ItemIds);
            var ranker = new SequenceRanker(test, opened.Scorer, sequenceIds, Metrics.RankingAccumulator.NextBasket(0).ListLength);
            baselines.Add(new(loader.Component, NextBasketEvaluator.Evaluate(test, ranker, threads)));
        }
        NextBasketMetrics? model = null;
        ServedPolicy? served = null;
        if (context.Model.Has(NextBasketModel.Component))
        {
            Report("nextbasket");
            var ranker = NextBasketModel.Load(context.Model, catalog.Ids.Length);
            model = NextBasketEvaluator.Evaluate(test, new ModelRanker(test, ranker, ids), threads);
            served = ranker.Served;
        }
        return new NextBasketTaskResult
        {
            Task = Name,
            Protocol = Protocol(options.TestDays, validationDays),
            TestDays = options.TestDays,
            ValidationDays = validationDays,
            TestStart = DateTime.UnixEpoch.AddSeconds(test.Cut),
            ValidationStart = DateTime.UnixEpoch.AddSeconds(validation.Cut),
            ModelTrainedUntil = trainedUntil,
            Cases = test.CaseCount,
            ValidationCases = validation.CaseCount,
            BuyersWithoutHistory = test.BuyersWithoutHistory,
            Model = model,
            Served = served,
            Baselines = baselines,
            PersonalTopHalfLifeDays = halfLife,
            TifuKnn = tifu,
            TifuKnnValidationNdcg = tifuNdcg,
            TifuKnnSettingsTried = tried,
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>The last time the folder's data summary records; a folder trained on data reaching into the test period
    /// is refused (its figures would be measured on orders it learned from).</summary>
    internal static DateTime? CheckTrainedBefore(ModelReader model, long testStart, int testDays)
    {
        if (!model.Has(DataSummary.Component))
            throw new DataException("The model folder has no data summary, so it cannot show it was trained without the test period; retrain it with train --holdout-days " + testDays + ".", model.Directory);
        var to = DataSummary.Load(model).To;
        var start = DateTime.UnixEpoch.AddSeconds(testStart);
        if (to is DateTime last && last >= start)
            throw new DataException($"The model folder was trained on orders up to {last:yyyy-MM-dd HH:mm:ss}, inside the test period (from {start:yyyy-MM-dd HH:mm:ss} UTC); " +
                                    $"train it with --holdout-days {testDays} so the figures are honest.", model.Directory);
        return to;
    }
}
