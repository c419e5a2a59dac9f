using System.Security.Cryptography;
using BundleForge.Artifacts;
using BundleForge.Baseline;
using BundleForge.Bundles.Engine;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation.Synthetic;
using BundleForge.Mining;
using BundleForge.Privacy;
using BundleForge.Training;

namespace BundleForge.Core.Tests.Training;

/// <summary>Issue 14: the library trains a model folder without the CLI — real training of baseline, rules, item2vec
/// and bundles on a small generated shop, cancellation between models, and option errors that name the option.</summary>
public sealed class TrainingPipelineTests : IDisposable
{
    private static readonly Pseudonymizer Keys = new("test-secret-0123456789"u8);
    private static readonly Lazy<Dataset> Shop = new(() =>
        ShopGenerator.Build(new ShopGeneratorOptions { Users = 120, Items = 40, Orders = 1_200, Seed = 5 }).Dataset);

    private readonly string _dir = Fixture.TempDir();

    public void Dispose()
    {
        try
        { Directory.Delete(_dir, true); }
        catch (IOException) { }
    }

    /// <summary>Small, single-threaded and deterministic, so a seed gives identical files.</summary>
    private TrainingPlan Plan(string name, params IModelOptions[] models) => new()
    {
        OutputFolder = Path.Combine(_dir, name),
        Models = models,
        Threads = 1,
        Seed = 3,
        Pseudonymizer = Keys,
    };

    private static IModelOptions[] AllCoreModels() =>
    [
        // Bundles first on purpose: the pipeline must still train it after the models whose signals it reads.
        new BundleModelOptions(),
        new BaselineOptions { Neighbours = 10 },
        new RulesOptions { MinCount = 5 },
        new Item2VecOptions { Dimensions = 16, Epochs = 2, Deterministic = true },
    ];

    [Fact]
    public void A_plan_of_baseline_rules_item2vec_and_bundles_writes_a_model_folder_whose_manifest_lists_them()
    {
        var data = Shop.Value;
        var result = TrainingPipeline.Run(data, Plan("model", AllCoreModels()), null, CancellationToken.None);

        Assert.Equal(["baseline", "rules", "item2vec", "bundles"], result.Models.Select(m => m.Component));
        Assert.Equal(Path.Combine(_dir, "model"), result.ModelFolder);
        Assert.True(File.Exists(result.ManifestPath));
        var reader = ModelReader.Open(result.ModelFolder);
        Assert.Equal(result.ModelVersion, reader.Manifest.ModelVersion);
        Assert.Equal(["baseline", "bundles", "catalog", "item2vec", "rules", "summary"], reader.Manifest.Components.Keys.Order(StringComparer.Ordinal));
        Assert.Null(result.ExcludedUsers);

        // The reports hold what the folder holds.
        var baseline = result.Report<BaselineReport>();
        var loadedBaseline = BaselineModel.Load(reader);
        Assert.Equal(data.Items.Count, baseline.Items);
        Assert.Equal(loadedBaseline.Profiles.Count, baseline.Profiles);
        Assert.Equal(loadedBaseline.NeighbourItems.Length, baseline.NeighbourPairs);
        int buyers = Enumerable.Range(0, data.Users.Count).Count(u => data.Sequences.LengthOf(u) > 0);
        Assert.Equal(buyers, baseline.Profiles);
        Assert.True(baseline.NeighbourPairs > 0);

        var rules = result.Report<RulesReport>();
        Assert.Equal(5, rules.MinCount);
        Assert.Equal(data.Baskets.Count, rules.Transactions);
        Assert.Equal(RulesModel.Load(reader).Rules.Count, rules.Rules);
        Assert.True(rules.Rules > 0, "the generated shop plants bundles bought together, so some rules must be found");

        var item2vec = result.Report<Item2VecModel.TrainingReport>();
        var vectors = Item2VecModel.Load(reader);
        Assert.Equal(16, vectors.Embeddings.Dimensions);
        Assert.Equal(buyers, item2vec.Profiles);
        Assert.Equal(1, reader.Manifest.Components["item2vec"].Parameters["threads"]!.GetValue<int>()); // the plan's, not the record's
        Assert.Equal(3, reader.Manifest.Components["item2vec"].Parameters["seed"]!.GetValue<int>());

        var bundles = result.Report<BundlesReport>();
        Assert.Equal(["item2vec"], bundles.Signals); // item2vec trained before it in this run; no sasrec
        Assert.Equal(["item2vec"], BundleModel.Load(reader).Signals);
        Assert.Equal(data.Users.Count, bundles.Users);

        // Nothing but the model folder is left beside it (no staging folder).
        Assert.Equal([result.ModelFolder], Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_files()
    {
        var first = TrainingPipeline.Run(Shop.Value, Plan("a", AllCoreModels()), null, CancellationToken.None);
        var second = TrainingPipeline.Run(Shop.Value, Plan("b", AllCoreModels()), null, CancellationToken.None);
        Assert.NotEqual(first.ModelVersion, second.ModelVersion);
        var a = Checksums(first.ModelFolder);
        Assert.Equal(a, Checksums(second.ModelFolder));
        Assert.Contains("item2vec/input.vec", a.Keys);
        Assert.Contains("baseline/profiles.bin", a.Keys);
        Assert.Contains("rules/rules.bin", a.Keys);

        var other = TrainingPipeline.Run(Shop.Value, Plan("c", AllCoreModels()) with { Seed = 4 }, null, CancellationToken.None);
        Assert.NotEqual(a["item2vec/input.vec"], Checksums(other.ModelFolder)["item2vec/input.vec"]);
    }

    [Fact]
    public void Cancelling_after_a_model_stops_before_the_next_and_leaves_no_folder_and_the_old_one_untouched()
    {
        var plan = Plan("model", new BaselineOptions { Neighbours = 10 }, new RulesOptions { MinCount = 5 });
        TrainingPipeline.Run(Shop.Value, plan, null, CancellationToken.None);
        var before = File.ReadAllText(Path.Combine(plan.OutputFolder, ModelManifest.FileName));

        using var cancel = new CancellationTokenSource();
        var stages = new List<string>();
        var progress = new SyncProgress(u =>
        {
            stages.Add(u.Stage);
            if (u.Stage == "baseline" && u.Fraction >= 1)
                cancel.Cancel(); // the baseline just finished
        });
        Assert.ThrowsAny<OperationCanceledException>(() => TrainingPipeline.Run(Shop.Value, plan, progress, cancel.Token));

        Assert.Contains("baseline", stages);
        Assert.DoesNotContain(stages, s => s.StartsWith("Mining", StringComparison.Ordinal)); // rules never started
        Assert.Equal(before, File.ReadAllText(Path.Combine(plan.OutputFolder, ModelManifest.FileName)));
        Assert.Equal([plan.OutputFolder], Directory.GetFileSystemEntries(_dir));

        // Cancelled before anything: no folder at all.
        var fresh = Plan("fresh", new BaselineOptions());
        Assert.ThrowsAny<OperationCanceledException>(() => TrainingPipeline.Run(Shop.Value, fresh, null, new CancellationToken(canceled: true)));
        Assert.False(Directory.Exists(fresh.OutputFolder));
        Assert.Equal([plan.OutputFolder], Directory.GetFileSystemEntries(_dir));
    }

    public static TheoryData<string, IModelOptions> InvalidOptions => new()
    {
        { "Item2Vec.Dimensions", new Item2VecOptions { Dimensions = 0 } },
        { "Item2Vec.Window", new Item2VecOptions { Window = -1 } },
        { "Baseline.Neighbours", new BaselineOptions { Neighbours = 0 } },
        { "Baseline.MaxBasketSize", new BaselineOptions { MaxBasketSize = 1 } },
        { "Rules.MinSupport", new RulesOptions { MinSupport = 1.5 } },
        { "Rules.MinCount", new RulesOptions { MinCount = 0 } },
        { "Rules.MaxSize", new RulesOptions { MaxSize = 0 } },
        { "Bundles.Strategy", new BundleModelOptions { Strategy = null! } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void An_invalid_option_is_a_DataException_naming_it_and_nothing_is_written(string option, IModelOptions invalid)
    {
        // The invalid model comes last: the whole plan is checked before any model trains.
        var plan = Plan("model", invalid is BaselineOptions ? new RulesOptions() : new BaselineOptions(), invalid);
        var e = Assert.Throws<DataException>(() => TrainingPipeline.Run(Shop.Value, plan, null, CancellationToken.None));
        Assert.Equal(option, e.Field);
        Assert.StartsWith(option + " ", e.Reason);
        Assert.DoesNotContain("--", e.Message); // the library speaks its own names, not a CLI flag
        Assert.False(Directory.Exists(plan.OutputFolder));
    }

    [Fact]
    public void Option_messages_say_what_is_wrong_with_the_value()
    {
        var e = Assert.Throws<DataException>(() => new Item2VecOptions { Dimensions = 0 }.Validate());
        Assert.Equal("Item2Vec.Dimensions must be between 1 and 4096, not 0.", e.Reason);
        var noThreads = Plan("model", new BaselineOptions()) with { Threads = 0 };
        e = Assert.Throws<DataException>(() => TrainingPipeline.Run(Shop.Value, noThreads, null, CancellationToken.None));
        Assert.Equal("TrainingPlan.Threads must be at least 1, not 0.", e.Reason);
        e = Assert.Throws<DataException>(() => TrainingPipeline.Run(Shop.Value, Plan("model", new RulesOptions(), new RulesOptions { MinCount = 3 }), null, CancellationToken.None));
        Assert.Contains("'rules' twice", e.Message);
    }

    [Fact]
    public void Excluded_users_from_the_list_and_the_file_are_left_out_of_every_model()
    {
        var data = Shop.Value;
        var buyers = Enumerable.Range(0, data.Users.Count).Where(u => data.Sequences.LengthOf(u) > 0).Select(u => data.Users.Ids[u]).ToArray();
        var file = Path.Combine(_dir, "erased.txt");
        File.WriteAllLines(file, ["# erased on request", buyers[1], "", "no-such-user"]);
        var plan = Plan("model", new BaselineOptions(), new BundleModelOptions()) with
        {
            // One by the shop's id, one by the pseudonymous key the server's erasure list holds.
            ExcludedUsers = [buyers[0], Keys.Key(buyers[2])],
            ExcludedUsersFile = file,
        };
        var result = TrainingPipeline.Run(data, plan, null, CancellationToken.None);

        Assert.Equal(3, result.ExcludedUsers);
        Assert.Equal(buyers.Length - 3, result.Report<BaselineReport>().Profiles);
        Assert.Equal(data.Users.Count - 3, result.Report<BundlesReport>().Users);
        var profiles = BaselineModel.Load(ModelReader.Open(result.ModelFolder)).Profiles;
        foreach (var gone in buyers[..3])
            Assert.False(profiles.Contains(Keys.Key(gone)));
        Assert.True(profiles.Contains(Keys.Key(buyers[3])));

        // Asking for exclusions that match nobody still reports the count.
        var none = TrainingPipeline.Run(data, Plan("none", new BaselineOptions()) with { ExcludedUsers = [] }, null, CancellationToken.None);
        Assert.Equal(0, none.ExcludedUsers);
        Assert.Equal(buyers.Length, none.Report<BaselineReport>().Profiles);

        var missing = Plan("missing", new BaselineOptions()) with { ExcludedUsersFile = Path.Combine(_dir, "nope.txt") };
        var e = Assert.Throws<DataException>(() => TrainingPipeline.Run(data, missing, null, CancellationToken.None));
        Assert.Equal("TrainingPlan.ExcludedUsersFile", e.Field);
        Assert.False(Directory.Exists(missing.OutputFolder));
    }

    private static Dictionary<string, string> Checksums(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != ModelManifest.FileName)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>Reports on the caller's thread, so the test sees every update in order before training goes on.</summary>
    private sealed class SyncProgress(Action<ProgressUpdate> report) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => report(value);
    }
}
