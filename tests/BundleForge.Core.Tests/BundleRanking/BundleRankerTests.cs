using BundleForge.Artifacts;
using BundleForge.BundleRanking;
using BundleForge.Core.Tests.Evaluation.Bundles;
using BundleForge.Data;
using BundleForge.Evaluation;
using BundleForge.Evaluation.Bundles;
using BundleForge.Evaluation.Synthetic;
using BundleForge.Training;

namespace BundleForge.Core.Tests.BundleRanking;

/// <summary>The learned bundle ranker trained through the pipeline on real (tiny and generated) crosscbr data.</summary>
public sealed class BundleRankerTests : IDisposable
{
    private readonly string _dir = Fixture.TempDir();

    public void Dispose()
    {
        try
        { Directory.Delete(_dir, true); }
        catch (IOException) { }
    }

    private static readonly BundleRankerOptions Small = new()
    {
        Lambdas = [1f, 10f],
        DiagonalWeights = [0f, 1f],
        BlendWeights = [0f, 0.2f, 0.8f],
    };

    private TrainingResult Train(BundleForge.Data.Dataset data, string name, BundleRankerOptions options, int threads = 2, int seed = 7) =>
        TrainingPipeline.Run(data, new TrainingPlan { OutputFolder = Path.Combine(_dir, name), Models = [options], Threads = threads, Seed = seed }, null, CancellationToken.None);

    [Fact]
    public void Planted_bundles_are_ranked_better_than_by_popularity_on_tune()
    {
        var folder = Path.Combine(_dir, "shop");
        Directory.CreateDirectory(folder);
        var data = GeneratedBundleShop.Write(folder, withTest: false);
        var result = Train(data, "model", Small);
        var report = Assert.IsType<BundleRankerReport>(Assert.Single(result.Models));
        Assert.True(report.ValidationUsers > 20, $"{report.ValidationUsers} validation users");
        // Coordinate ascent: the start, then every other candidate of each signal in the first sweep (at least), at most
        // every candidate per signal per sweep (a weight that moved can be tried again), for each λ and q.
        int perSolve = 1 + Small.BlendPasses * (BundleSignals.Count - 1) * Small.BlendWeights.Count;
        Assert.InRange(report.Candidates, Small.Lambdas.Count * Small.DiagonalWeights.Count * (1 + (BundleSignals.Count - 1) * (Small.BlendWeights.Count - 1)),
            Small.Lambdas.Count * Small.DiagonalWeights.Count * perSolve);

        var protocol = BundleRankingProtocol.For(data.Bundles!, data.Users.Count);
        Assert.Equal(BundleRankingSplit.Tune, protocol.Split);
        int k = Math.Max(1, data.Bundles!.Count / 10);
        var model = protocol.Evaluate(new TrainedBundleScorer(BundleRankerModel.Load(ModelReader.Open(result.ModelFolder)), data), [k]);
        var popular = protocol.Evaluate(new PopularityBundleBaseline(data.Bundles), [k]);
        Assert.True(model.Queries > 20, $"{model.Queries} tune users");
        Assert.True(model.NdcgAt(k) > popular.NdcgAt(k), $"ndcg@{k} {model.NdcgAt(k):0.000} vs popularity {popular.NdcgAt(k):0.000}");
        Assert.True(model.RecallAt(k) > popular.RecallAt(k), $"recall@{k} {model.RecallAt(k):0.000} vs popularity {popular.RecallAt(k):0.000}");

        // Cold bundles: a quarter of the judged bundles lose every train pair and only those bundles' pairs are judged.
        // Known limit (docs/BENCHMARKS.md): on Youshu the imputed cold bundles beat random and item popularity
        // (Recall@20 0.0294 vs 0.0042 and 0.0038); on this small generated shop they are not found at a quarter of the
        // bundles (their content neighbours carry no signal here), so this checks the protocol and the baselines only.
        var ranker = BundleRankerModel.Load(ModelReader.Open(result.ModelFolder));
        int wide = Math.Max(2, data.Bundles.Count / 4);
        var cold = ColdBundleEvaluation.Run(ranker, data, protocol, 0.25, seed: 3, [wide], threads: 2, Small);
        Assert.True(cold.Bundles > 0 && cold.Metrics.Queries > 5 && cold.Metrics.Queries < model.Queries, $"{cold.Bundles} cold bundles, {cold.Metrics.Queries} users");
        Assert.Equal(cold.Metrics.Queries, cold.Baselines["random"].Queries);
        Assert.Equal(cold.Metrics.Queries, cold.Baselines["item_popularity"].Queries);
    }

    [Fact]
    public void With_a_test_split_the_ranker_learns_from_tune_too_and_tune_can_no_longer_judge_it()
    {
        var folder = Path.Combine(_dir, "shop");
        Directory.CreateDirectory(folder);
        var data = GeneratedBundleShop.Write(folder, withTest: true);
        var bundles = data.Bundles!;
        Assert.True(bundles.Tune.Length > 20 && bundles.Test.Length > 20, $"{bundles.Tune.Length} tune and {bundles.Test.Length} test pairs");
        Assert.Equal(BundlePairs.TrainAndTune, bundles.DefaultLearningPairs);
        var auto = Train(data, "auto", Small);
        var trainOnly = Train(data, "train", Small with { LearnFrom = BundlePairs.Train });

        // The default learns from every pair known when test is judged; the choice is reported and recorded.
        var autoReport = Assert.IsType<BundleRankerReport>(Assert.Single(auto.Models));
        var trainReport = Assert.IsType<BundleRankerReport>(Assert.Single(trainOnly.Models));
        Assert.Equal(BundlePairs.TrainAndTune, autoReport.LearnedFrom);
        Assert.Equal(BundlePairs.Train, trainReport.LearnedFrom);
        Assert.Equal(BundleRankerTrainer.TrainLists(bundles, data.Users.Count, BundlePairs.TrainAndTune).Sum(l => l.Length), autoReport.TrainPairs);
        Assert.Equal(BundleRankerTrainer.TrainLists(bundles, data.Users.Count).Sum(l => l.Length), trainReport.TrainPairs);
        Assert.True(autoReport.TrainPairs > trainReport.TrainPairs);
        var autoFolder = ModelReader.Open(auto.ModelFolder);
        var trainFolder = ModelReader.Open(trainOnly.ModelFolder);
        Assert.Equal("train+tune", autoFolder.Manifest.Components[BundleRankerModel.Component].Parameters["learned_from"]!.GetValue<string>());
        Assert.Equal(BundlePairs.Train, BundleRankerOptions.LearnedFrom(trainFolder.Manifest.Components[BundleRankerModel.Component].Parameters));

        // The served model knows each customer's tune bundles as taken (so it never offers them again).
        var keys = BundleForge.Privacy.Pseudonymizer.FromEnvironment();
        var (tuneUser, tuneBundle) = bundles.Tune[0];
        string key = keys.Key(data.Users.Ids[tuneUser]);
        Assert.Contains(tuneBundle, BundleRankerModel.Load(autoFolder).Customers.Of(key).ToArray());
        Assert.DoesNotContain(tuneBundle, BundleRankerModel.Load(trainFolder).Customers.Of(key).ToArray());

        // Tune cannot judge a model that learned from it: a user error naming the flag. The train-only model still can.
        var task = new BundleRankingTask();
        var e = Assert.Throws<DataException>(() => task.Evaluate(new EvaluationContext(autoFolder, data), new BundleRankingTaskOptions { Split = BundleRankingSplit.Tune }));
        Assert.Equal("--split", e.Field);
        Assert.Contains("--ranker-learn-from train", e.Message);
        Assert.Equal(BundleRankingSplit.Tune, task.Evaluate(new EvaluationContext(trainFolder, data), new BundleRankingTaskOptions { Split = BundleRankingSplit.Tune }).Split);

        // On test both are judged on the same users, and every ranker of the evaluation reads the pairs its model learned
        // from. (Whether learning from tune pays is measured on Youshu, docs/BENCHMARKS.md; on this ten-bundle shop a
        // customer's middle-period bundle says little about the last period's.)
        int k = Math.Max(2, bundles.Count / 4);
        var withTune = task.Evaluate(new EvaluationContext(autoFolder, data), new BundleRankingTaskOptions { K = k });
        var without = task.Evaluate(new EvaluationContext(trainFolder, data), new BundleRankingTaskOptions { K = k });
        Assert.Equal(BundleRankingSplit.Test, withTune.Split);
        Assert.True(withTune.Users > 20, $"{withTune.Users} test users");
        Assert.Equal(without.Users, withTune.Users);
        Assert.Contains("rankers read train and tune interactions", withTune.Protocol);
        Assert.Contains("rankers read train interactions", without.Protocol);
        var protocol = BundleRankingProtocol.For(bundles, data.Users.Count);
        Assert.Equal(protocol.Evaluate(new PopularityBundleBaseline(bundles, BundlePairs.TrainAndTune), [k, 2 * k]).NdcgAt(k), withTune.Baselines["popularity"].NdcgAt(k), 12);
        Assert.Equal(protocol.Evaluate(new PopularityBundleBaseline(bundles), [k, 2 * k]).NdcgAt(k), without.Baselines["popularity"].NdcgAt(k), 12);
        Assert.NotEqual(withTune.Baselines["popularity"].NdcgAt(k), without.Baselines["popularity"].NdcgAt(k));
        // The served popularity counts the tune takers too.
        Assert.Equal(autoReport.TrainPairs, BundleRankerModel.Load(autoFolder).Takers.Sum());
        Assert.Equal(trainReport.TrainPairs, BundleRankerModel.Load(trainFolder).Takers.Sum());
    }

    [Fact]
    public void Segment_weights_are_measured_per_segment_and_cross_fitted_and_leave_the_served_model_alone()
    {
        var folder = Path.Combine(_dir, "shop");
        Directory.CreateDirectory(folder);
        var data = GeneratedBundleShop.Write(folder, withTest: false);
        var plain = Train(data, "plain", Small);
        var segmented = Train(data, "segmented", Small with { SegmentBounds = [2, 4] });
        var report = Assert.IsType<BundleRankerReport>(Assert.Single(segmented.Models));
        var component = ModelReader.Open(segmented.ModelFolder).Manifest.Components[BundleRankerModel.Component];
        var segments = component.Metrics["segments"]!.AsObject();
        var chosen = segments["chosen"]!.AsArray();
        Assert.Equal(3, chosen.Count);
        // Every validation customer falls in exactly one segment.
        Assert.Equal(report.ValidationUsers, chosen.Sum(c => c!["customers"]!.GetValue<int>()));
        Assert.True(chosen[1]!["customers"]!.GetValue<int>() > 0 && chosen[2]!["customers"]!.GetValue<int>() > 0);
        // Each segment's ascent starts from the global weights and moves only when it gains, so on the customers it was
        // chosen on it can only match or beat them; the cross-fitted figures judge customers the choice did not see.
        Assert.True(segments["validation_ndcg@20"]!.GetValue<double>() >= report.ValidationNdcg - 1e-6);
        double crossGlobal = segments["crossfit_global_ndcg@20"]!.GetValue<double>();
        double crossSegments = segments["crossfit_segments_ndcg@20"]!.GetValue<double>();
        Assert.InRange(crossGlobal, 0.01, 1);
        Assert.InRange(crossSegments, 0.01, 1);
        if (Math.Abs(crossSegments - crossGlobal) > 1e-6)
            Assert.Equal(crossSegments > crossGlobal, segments["wins"]!.GetValue<bool>());
        // The served model is the one without segments, byte for byte.
        Assert.Equal(File.ReadAllBytes(Path.Combine(plain.ModelFolder, BundleRankerModel.Component, "ranker.bin")),
            File.ReadAllBytes(Path.Combine(segmented.ModelFolder, BundleRankerModel.Component, "ranker.bin")));

        Assert.Equal(0, SegmentWeightSearch.SegmentOf(1, [2, 5]));
        Assert.Equal(1, SegmentWeightSearch.SegmentOf(2, [2, 5]));
        Assert.Equal(1, SegmentWeightSearch.SegmentOf(4, [2, 5]));
        Assert.Equal(2, SegmentWeightSearch.SegmentOf(5, [2, 5]));
        Assert.Equal(0, SegmentWeightSearch.SegmentOf(9, []));
        var e = Assert.Throws<DataException>(() => (Small with { SegmentBounds = [5, 2] }).Validate());
        Assert.Equal("BundleRanker.SegmentBounds", e.Field);
    }

    [Fact]
    public void A_seed_gives_the_same_model_file_and_the_file_reads_back()
    {
        var data = ItemAffinityBaselineTests.Load();
        var a = Train(data, "a", Small, threads: 2);
        var b = Train(data, "b", Small, threads: 1);
        var fileA = Path.Combine(a.ModelFolder, BundleRankerModel.Component, "ranker.bin");
        Assert.Equal(File.ReadAllBytes(fileA), File.ReadAllBytes(Path.Combine(b.ModelFolder, BundleRankerModel.Component, "ranker.bin")));

        var model = BundleRankerModel.Load(ModelReader.Open(a.ModelFolder));
        Assert.Equal(data.Bundles!.Ids, model.BundleIds);
        for (int x = 0; x < model.BundleCount; x++)
            Assert.Equal(0f, model.Links.At(x, x));
        Assert.Equal(data.Bundles[3].ToArray(), model.ItemsOf(3).ToArray());
        // A damaged file is a clear error, not a crash.
        var bytes = File.ReadAllBytes(fileA);
        File.WriteAllBytes(fileA, bytes[..(bytes.Length / 2)]);
        Assert.Throws<DataException>(() => BundleRankerModel.Load(ModelReader.Open(a.ModelFolder, verifyChecksums: false)));
    }

    [Fact]
    public void A_bundle_nobody_took_is_ranked_from_its_items_and_the_explanation_adds_up_to_the_score()
    {
        var data = ItemAffinityBaselineTests.Load();
        // Bundle 5 = {4, 5, 7} has no takers; user 1 (items 4, 5, 7) overlaps it fully.
        var result = Train(data, "m", Small with { BlendWeights = [0.5f], BlendPasses = 0 });
        var model = BundleRankerModel.Load(ModelReader.Open(result.ModelFolder));
        int b5 = Array.IndexOf(data.Bundles!.Ids, "5");
        Assert.Equal(0, model.Takers[b5]);
        int user = data.Users.IndexOf("1");
        var items = BundleRankerTrainer.DistinctItems(data.Sequences, data.Items.Count)[user];
        var scores = new float[model.BundleCount];
        model.Score([], items, scores);
        Assert.True(scores[b5] > 0, $"cold bundle score {scores[b5]}");
        // Above every bundle that shares no item with the user.
        foreach (var other in new[] { "0", "1", "4" })
            Assert.True(scores[b5] > scores[Array.IndexOf(data.Bundles.Ids, other)], $"bundle {other} scores {scores[Array.IndexOf(data.Bundles.Ids, other)]}, the cold one {scores[b5]}");

        // The reasons of every bundle for a customer with bundles and items sum to the score.
        int[] taken = [0, 2];
        model.Score(taken, items, scores);
        for (int b = 0; b < model.BundleCount; b++)
        {
            var why = model.Explain(b, taken, items);
            float sum = why.FromPopularity;
            foreach (var (_, w) in why.FromBundles)
                sum += w;
            foreach (var (_, w) in why.FromItems)
                sum += w;
            Assert.Equal(scores[b], sum, 4);
            for (int r = 1; r < why.FromItems.Count; r++)
                Assert.True(why.FromItems[r - 1].Weight >= why.FromItems[r].Weight);
        }
        Assert.Contains(model.Explain(b5, taken, items).FromItems, x => x.Item == items[0] && x.Weight > 0);
    }

    [Fact]
    public void Data_without_bundles_and_bad_options_are_data_exceptions_naming_them()
    {
        var (_, shop) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 30, Items = 20, Orders = 100, Seed = 1 });
        var e = Assert.Throws<DataException>(() => Train(shop, "x", Small));
        Assert.Equal("--models", e.Field);
        e = Assert.Throws<DataException>(() => (Small with { Lambdas = [] }).Validate());
        Assert.Equal("BundleRanker.Lambdas", e.Field);
        e = Assert.Throws<DataException>(() => (Small with { BlendWeights = [-1f] }).Validate());
        Assert.Equal("BundleRanker.BlendWeights", e.Field);
        e = Assert.Throws<DataException>(() => (Small with { LinksPerBundle = 0 }).Validate());
        Assert.Equal("BundleRanker.LinksPerBundle", e.Field);
        e = Assert.Throws<DataException>(() => (Small with { ValidationShare = 1 }).Validate());
        Assert.Equal("BundleRanker.ValidationShare", e.Field);
        e = Assert.Throws<DataException>(() => (Small with { Objective = (BundleRankerObjective)7 }).Validate());
        Assert.Equal("BundleRanker.Objective", e.Field);
    }

    [Fact]
    public void The_ndcg_objective_prefers_ndcg_and_breaks_ties_by_recall_where_the_sum_would_not()
    {
        // Candidate (recall 0.30, NDCG 0.15) against the best so far (0.32, 0.14): more NDCG, less recall.
        Assert.True(BlendSearch.Better(BundleRankerObjective.Ndcg, 0.30, 0.15, 0.32, 0.14));
        Assert.False(BlendSearch.Better(BundleRankerObjective.RecallPlusNdcg, 0.30, 0.15, 0.32, 0.14));
        // Equal NDCG: recall decides; equal both: no move (the first best stays).
        Assert.True(BlendSearch.Better(BundleRankerObjective.Ndcg, 0.31, 0.14, 0.30, 0.14));
        Assert.False(BlendSearch.Better(BundleRankerObjective.Ndcg, 0.30, 0.14, 0.30, 0.14));
        Assert.False(BlendSearch.Better(BundleRankerObjective.Ndcg, 0.50, 0.1399, 0.30, 0.14));
    }
}
