using BundleForge.Artifacts;
using BundleForge.Baseline;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation;
using BundleForge.Evaluation.NextBasket;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;
using BundleForge.Privacy;
using BundleForge.Recommendation;
using BundleForge.Splits;
using BundleForge.Training;

namespace BundleForge.Core.Tests.Evaluation.NextBasket;

/// <summary>The next-basket task end to end on the Online Retail sample: a model folder trained with the last 14 days
/// held out (baseline, item2vec and the next-basket ranker), evaluated on those 14 days beside every baseline; and a
/// folder that saw them refused.</summary>
public sealed class NextBasketTaskTests : IDisposable
{
    private static readonly Pseudonymizer Keys = new("test-secret-0123456789"u8);
    private static readonly Item2VecOptions Vectors = new() { Dimensions = 16, Epochs = 2, Threads = 1, Deterministic = true, Seed = 3 };
    private static readonly TifuKnnGrid SmallGrid = new() { GroupSizes = [3], WithinDecays = [1.0], GroupDecays = [0.8], Neighbours = [10, 50], Alphas = [0.7] };
    private static readonly Lazy<Dataset> Sample = new(() =>
        DatasetLoader.Load(new LoadRequest { Path = Path.Combine(AppContext.BaseDirectory, "sample", "online_retail_2011q4.csv.gz") }));

    private readonly string _dir = Fixture.TempDir();

    public void Dispose()
    {
        try
        { Directory.Delete(_dir, true); }
        catch (IOException) { }
    }

    private string Train(int holdOutDays)
    {
        var folder = Path.Combine(_dir, $"model-{holdOutDays}");
        TrainingPipeline.Run(Sample.Value, new TrainingPlan
        {
            OutputFolder = folder,
            Models = [new BaselineOptions(), Vectors, new NextBasketOptions { ValidationDays = 14, Item2Vec = Vectors }],
            Threads = 1,
            HoldOutDays = holdOutDays,
            Pseudonymizer = Keys,
        }, null, CancellationToken.None);
        return folder;
    }

    [Fact]
    public void A_folder_trained_without_the_test_period_is_evaluated_beside_every_baseline()
    {
        var model = ModelReader.Open(Train(holdOutDays: 14));
        var result = new NextBasketTask().Evaluate(new EvaluationContext(model, Sample.Value),
            new NextBasketTaskOptions { TestDays = 14, Threads = 1, TifuKnn = SmallGrid });

        Assert.True(result.ModelTrainedUntil < result.TestStart);
        Assert.Equal(result.TestStart.AddDays(-14), result.ValidationStart);
        Assert.True(result.Cases > 50, $"{result.Cases} customers");
        Assert.Equal(["popularity", "personal_top", "tifu_knn", "item2vec"], result.Baselines.Select(b => b.Key));
        Assert.Contains(result.PersonalTopHalfLifeDays, PersonalTopRanker.HalfLives);
        Assert.Equal(2, result.TifuKnnSettingsTried);
        var m = result.Model!;
        Assert.Equal(result.Cases, m.Whole.Queries);
        Assert.True(m.Explore.Queries > 0 && m.Repeat.Queries > 0);
        Assert.True(m.Explore.Queries <= result.Cases && m.Repeat.Queries <= result.Cases);
        foreach (var metrics in result.Baselines.Select(b => b.Value).Append(m))
            foreach (var (key, value) in metrics.Whole.ToDictionary())
                if (key != "queries")
                    Assert.InRange(value, 0, 1);
        // Popularity shows everyone the same list; personal lists differ.
        var popularity = result.Baselines[0].Value.Whole;
        Assert.Equal(0, popularity.Personalisation!.Value, 12);
        Assert.True(m.Whole.Personalisation > 0.5);
        // Baselines that see the customer's own orders beat one list for all on this repeat-heavy shop.
        Assert.True(result.Baselines[1].Value.Whole.Ndcg > popularity.Ndcg);
        Assert.True(m.Whole.Ndcg > popularity.Ndcg);
    }

    [Fact]
    public void A_folder_that_saw_the_test_period_is_refused_naming_the_flag()
    {
        var model = ModelReader.Open(Train(holdOutDays: 0));
        var e = Assert.Throws<DataException>(() => new NextBasketTask().Evaluate(new EvaluationContext(model, Sample.Value),
            new NextBasketTaskOptions { TestDays = 14, Threads = 1, TifuKnn = SmallGrid }));
        Assert.Contains("--holdout-days 14", e.Message);
    }

    [Fact]
    public void Holding_out_days_keeps_every_id_and_drops_only_what_happened_in_them()
    {
        var data = Sample.Value;
        var before = TrainingPeriod.Before(data, 14);
        long cut = TrainingPeriod.CutOf(TrainingPeriod.LastTimeOf(data), 14);
        Assert.Same(data.Items, before.Items);
        Assert.Same(data.Users, before.Users);
        Assert.All(before.Interactions.Time, t => Assert.True(t < cut));
        Assert.All(before.Baskets.Time, t => Assert.True(t < cut));
        Assert.Equal(data.Baskets.Time.Count(t => t < cut), before.Baskets.Count);
        Assert.Equal(data.Interactions.Time.Count(t => t < cut), before.Interactions.Count);
        // Orders still point at their own baskets.
        for (int r = 0; r < before.Interactions.Count; r++)
            if (before.Interactions.Order[r] >= 0)
                Assert.Contains(before.Interactions.Item[r], before.Baskets[before.Interactions.Order[r]].ToArray());
    }

    [Fact]
    public void The_loaded_ranker_proposes_owned_items_as_repeats_and_erasure_rewrites_its_file()
    {
        var folder = Train(holdOutDays: 14);
        var reader = ModelReader.Open(folder);
        var model = NextBasketModel.Load(reader, Sample.Value.Items.Count);
        Assert.True(model.UsesItem2Vec);
        Assert.True(model.Users.Count > 100);
        var key = model.Users.Keys[0];
        var history = model.Users.HistoryOf(key);
        var top = new int[10];
        var sources = new CandidateSource[10];
        int n = model.Rank(history, model.Now, top, sources);
        Assert.Equal(10, n);
        Assert.Equal(10, top.Distinct().Count());
        // Items the customer bought before are proposed as repeats, the others by another source.
        var owned = history.Items.ToHashSet();
        for (int r = 0; r < n; r++)
            Assert.Equal(owned.Contains(top[r]), sources[r] == CandidateSource.Repeat);
        // Erasure drops the user's orders and nothing else.
        var erased = Path.Combine(_dir, "erased");
        model.WriteWithout(new HashSet<string> { key }, erased);
        Assert.True(File.Exists(Path.Combine(erased, "nextbasket.bin")));
    }
}
