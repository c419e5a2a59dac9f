using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Baseline;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;
using BundleForge.Privacy;
using BundleForge.Recommendation;
using BundleForge.Training;

namespace BundleForge.Core.Tests.Recommendation;

/// <summary>The next-basket trainer's served-list rule end to end on the Online Retail sample: the manifest records
/// what the fitting period decided, a ranker forced to lose serves the winning baseline, and the stored model serves
/// the same list the evaluation ranks.</summary>
public sealed class NextBasketTrainerTests : IDisposable
{
    private static readonly Pseudonymizer Keys = new("test-secret-0123456789"u8);
    private static readonly TifuKnnGrid SmallGrid = new() { GroupSizes = [3], WithinDecays = [1.0], GroupDecays = [0.8], Neighbours = [10, 50], Alphas = [0.5, 0.9] };
    private static readonly Lazy<Dataset> Sample = new(() =>
        DatasetLoader.Load(new LoadRequest { Path = Path.Combine(AppContext.BaseDirectory, "sample", "online_retail_2011q4.csv.gz") }));

    private readonly string _dir = Fixture.TempDir();

    public void Dispose()
    {
        try
        { Directory.Delete(_dir, true); }
        catch (IOException) { }
    }

    private (NextBasketModel Model, JsonObject Served) Train(string name, NextBasketOptions options)
    {
        var folder = Path.Combine(_dir, name);
        TrainingPipeline.Run(Sample.Value, new TrainingPlan
        {
            OutputFolder = folder,
            Models = [new BaselineOptions(), options],
            Threads = 1,
            HoldOutDays = 14,
            Pseudonymizer = Keys,
        }, null, CancellationToken.None);
        var reader = ModelReader.Open(folder);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")))!;
        var served = manifest["components"]![NextBasketModel.Component]!["parameters"]!["served_policy"]!.AsObject();
        return (NextBasketModel.Load(reader, Sample.Value.Items.Count), served);
    }

    private static double Figure(JsonObject served, string list, string metric) => served["fitting_period"]![list]![metric]!.GetValue<double>();

    /// <summary>For some stored customers, the kept ranking the server answers from equals a full ranking of their
    /// orders, the one the evaluation computes.</summary>
    private static void AssertStoredListsMatchFullRankings(NextBasketModel model)
    {
        for (int u = 0; u < 30; u++)
        {
            var key = model.Users.Keys[u * 7 % model.Users.Count];
            var history = model.Users.HistoryOf(key);
            var full = new int[20];
            var stored = new int[20];
            int n = model.Rank(history, Math.Max(history.Times[^1], model.Now), full);
            int m = model.RankStored(key, stored);
            Assert.Equal(full[..n], stored[..m]);
            Assert.Equal(20, n);
        }
    }

    [Fact]
    public void A_ranker_forced_to_lose_on_the_fitting_period_serves_the_best_baseline_and_says_so()
    {
        // Every place to items new to the customer: on this repeat-heavy shop that loses to the customer's own history.
        var (model, served) = Train("forced", new NextBasketOptions
        {
            ValidationDays = 14,
            TifuKnn = SmallGrid,
            ExploreBoosts = [0],
            ExploreShares = [1],
            ExploreStarts = [0],
            ExploreDepths = [0],
        });
        var name = served["list"]!.GetValue<string>();
        Assert.NotEqual("ranker", name);
        Assert.Equal(name, model.Served.Name);
        // The served baseline is the one with the best NDCG@10 on the fitting period, and it beat the ranker there.
        foreach (var other in new[] { "popularity", "personal_top", "tifu_knn" })
            Assert.True(Figure(served, name, "ndcg@10") >= Figure(served, other, "ndcg@10"), other);
        Assert.True(Figure(served, "ranker", "ndcg@10") < Figure(served, name, "ndcg@10"));
        if (model.Served.List == ServedList.PersonalTop)
            Assert.Contains(model.Served.HalfLifeDays, RepeatProfile.PersonalTopHalfLives);
        AssertStoredListsMatchFullRankings(model);
        // A baseline's list makes no room for new items: the customer's own items lead it.
        var key = model.Users.Keys[0];
        var top = new int[3];
        var sources = new CandidateSource[3];
        model.RankStored(key, top, sources);
        Assert.Equal(CandidateSource.Repeat, sources[0]);
    }

    [Fact]
    public void With_default_settings_the_manifest_shows_the_rule_was_followed_and_serving_matches_evaluation()
    {
        var (model, served) = Train("default", new NextBasketOptions { ValidationDays = 14, TifuKnn = SmallGrid });
        var name = served["list"]!.GetValue<string>();
        Assert.Equal(name, model.Served.Name);
        string[] baselines = ["popularity", "personal_top", "tifu_knn"];
        var bar = baselines.MaxBy(b => Figure(served, b, "ndcg@10"))!;
        if (name == "ranker")
        {
            Assert.True(Figure(served, "ranker", "ndcg@10") >= Figure(served, bar, "ndcg@10"));
            Assert.True(Figure(served, "ranker", "recall@20") >= Figure(served, bar, "recall@20"));
        }
        else
            Assert.Equal(bar, name);
        AssertStoredListsMatchFullRankings(model);
    }

    [Fact]
    public void In_a_default_list_the_ranker_is_left_out_of_data_without_order_times_and_named_it_fails_clearly()
    {
        var fimi = DatasetLoader.Load(new LoadRequest { Path = Fixture.Path("fimi.dat"), Format = DataFormat.Fimi });
        Assert.False(fimi.HasRealTime);
        TrainingPlan Plan(string name, bool byDefault) => new()
        {
            OutputFolder = Path.Combine(_dir, name),
            Models = [new BaselineOptions(), new NextBasketOptions { OnlyWithOrderTimes = byDefault }],
            Threads = 1,
            Pseudonymizer = Keys,
        };
        var result = TrainingPipeline.Run(fimi, Plan("fimi-default", byDefault: true), null, CancellationToken.None);
        Assert.DoesNotContain(NextBasketModel.Component, result.Manifest.Components.Keys);
        Assert.Contains(BaselineModel.ComponentName, result.Manifest.Components.Keys);
        var e = Assert.Throws<DataException>(() => TrainingPipeline.Run(fimi, Plan("fimi-named", byDefault: false), null, CancellationToken.None));
        Assert.Contains("order times", e.Message);
        // Data with order times trains it in the default list too (the other tests here).
        Assert.False(new NextBasketOptions { OnlyWithOrderTimes = true }.IsOffFor(Sample.Value));
    }

    [Fact]
    public void Two_trainings_with_the_same_seed_write_the_same_model_and_serve_the_same_lists()
    {
        // Two worker threads: the folder's item2vec below is Hogwild in the first pair, so only the ranker's own
        // vectors being reproducible keeps nextbasket.bin the same; with the folder's deterministic too, every
        // stored customer gets the same served list.
        byte[] Bin(string name, bool deterministic)
        {
            var folder = Path.Combine(_dir, name);
            var vectors = new Item2VecOptions { Epochs = 3, Threads = 2, Seed = 7, Deterministic = deterministic };
            TrainingPipeline.Run(Sample.Value, new TrainingPlan
            {
                OutputFolder = folder,
                Models = [new BaselineOptions(), vectors, new NextBasketOptions { ValidationDays = 14, TifuKnn = SmallGrid, Item2Vec = vectors }],
                Threads = 2,
                HoldOutDays = 14,
                Pseudonymizer = Keys,
            }, null, CancellationToken.None);
            return File.ReadAllBytes(Path.Combine(folder, NextBasketModel.Component, "nextbasket.bin"));
        }
        Assert.Equal(Bin("hogwild-1", false), Bin("hogwild-2", false));
        Assert.Equal(Bin("seeded-1", true), Bin("seeded-2", true));

        var first = NextBasketModel.Load(ModelReader.Open(Path.Combine(_dir, "seeded-1")), Sample.Value.Items.Count);
        var second = NextBasketModel.Load(ModelReader.Open(Path.Combine(_dir, "seeded-2")), Sample.Value.Items.Count);
        Assert.True(first.UsesItem2Vec);
        var a = new int[20];
        var b = new int[20];
        var sa = new CandidateSource[20];
        var sb = new CandidateSource[20];
        foreach (var key in first.Users.Keys)
        {
            int n = first.RankStored(key, a, sa);
            Assert.Equal(a[..n], b[..second.RankStored(key, b, sb)]);
            Assert.Equal(sa[..n], sb[..n]);
        }
    }
}
