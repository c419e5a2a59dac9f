using BundleForge.Artifacts;
using BundleForge.BundleRanking;
using BundleForge.Core.Tests.Evaluation.Bundles;
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
        ItemViewWeights = [0f, 0.5f],
        ItemAffinityWeights = [0f, 0.2f],
        PopularityWeights = [0f, 0.1f],
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
        Assert.Equal(Small.Lambdas.Count * Small.DiagonalWeights.Count * Small.ItemViewWeights.Count * Small.ItemAffinityWeights.Count * Small.PopularityWeights.Count, report.Candidates);

        var protocol = BundleRankingProtocol.For(data.Bundles!, data.Users.Count);
        Assert.Equal(BundleRankingSplit.Tune, protocol.Split);
        int k = Math.Max(1, data.Bundles!.Count / 10);
        var model = protocol.Evaluate(new TrainedBundleScorer(BundleRankerModel.Load(ModelReader.Open(result.ModelFolder)), data), [k]);
        var popular = protocol.Evaluate(new PopularityBundleBaseline(data.Bundles), [k]);
        Assert.True(model.Queries > 20, $"{model.Queries} tune users");
        Assert.True(model.NdcgAt(k) > popular.NdcgAt(k), $"ndcg@{k} {model.NdcgAt(k):0.000} vs popularity {popular.NdcgAt(k):0.000}");
        Assert.True(model.RecallAt(k) > popular.RecallAt(k), $"recall@{k} {model.RecallAt(k):0.000} vs popularity {popular.RecallAt(k):0.000}");

        // Cold bundles: a quarter of the judged bundles lose every train pair and only those bundles' pairs are judged.
        // Known weakness (docs/BENCHMARKS.md): with no EASE column and no popularity they lose to warm bundles, so
        // they rank no better than the warm ones did.
        var ranker = BundleRankerModel.Load(ModelReader.Open(result.ModelFolder));
        var (cold, count) = ColdBundleEvaluation.Run(ranker, data, protocol, 0.25, seed: 3, [k], threads: 2);
        Assert.True(count > 0 && cold.Queries > 5 && cold.Queries < model.Queries, $"{count} cold bundles, {cold.Queries} users");
        Assert.True(cold.RecallAt(k) <= model.RecallAt(k), $"cold recall@{k} {cold.RecallAt(k):0.000} vs warm {model.RecallAt(k):0.000}");
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
            Assert.Equal(0f, model.WeightsFrom(x)[x]);
        Assert.Equal(data.Bundles[3].ToArray(), model.ItemsOf(3).ToArray());
        // A damaged file is a clear error, not a crash.
        var bytes = File.ReadAllBytes(fileA);
        File.WriteAllBytes(fileA, bytes[..(bytes.Length / 2)]);
        Assert.Throws<DataException>(() => BundleRankerModel.Load(ModelReader.Open(a.ModelFolder, verifyChecksums: false)));
    }

    [Fact]
    public void A_bundle_nobody_took_is_ranked_from_its_items_when_the_item_view_is_on()
    {
        var data = ItemAffinityBaselineTests.Load();
        // Bundle 5 = {4, 5, 7} has no takers; user 1 (items 4, 5, 7) overlaps it fully.
        var result = Train(data, "m", Small with { ItemAffinityWeights = [0.5f], PopularityWeights = [0f] });
        var model = BundleRankerModel.Load(ModelReader.Open(result.ModelFolder));
        int b5 = Array.IndexOf(data.Bundles!.Ids, "5");
        int user = data.Users.IndexOf("1");
        var scores = new float[model.BundleCount];
        model.Score([], data.Sequences[user], scores, new float[model.BundleCount]);
        Assert.True(scores[b5] > 0, $"cold bundle score {scores[b5]}");
        // Above every bundle that shares no item with the user.
        foreach (var other in new[] { "0", "1", "4" })
            Assert.True(scores[b5] > scores[Array.IndexOf(data.Bundles.Ids, other)], $"bundle {other} scores {scores[Array.IndexOf(data.Bundles.Ids, other)]}, the cold one {scores[b5]}");
    }

    [Fact]
    public void Data_without_bundles_and_bad_options_are_data_exceptions_naming_them()
    {
        var (_, shop) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 30, Items = 20, Orders = 100, Seed = 1 });
        var e = Assert.Throws<DataException>(() => Train(shop, "x", Small));
        Assert.Equal("--models", e.Field);
        e = Assert.Throws<DataException>(() => (Small with { Lambdas = [] }).Validate());
        Assert.Equal("BundleRanker.Lambdas", e.Field);
        e = Assert.Throws<DataException>(() => (Small with { PopularityWeights = [-1f] }).Validate());
        Assert.Equal("BundleRanker.PopularityWeights", e.Field);
        e = Assert.Throws<DataException>(() => (Small with { ValidationShare = 1 }).Validate());
        Assert.Equal("BundleRanker.ValidationShare", e.Field);
    }
}
