using BundleForge.Artifacts;
using BundleForge.Bundles.Engine;
using BundleForge.Data;
using BundleForge.Evaluation.Synthetic;
using BundleForge.Privacy;
using BundleForge.Training;

namespace BundleForge.Neural.Tests;

/// <summary>Issue 14: a plan carrying Neural's options record trains the sequence model through Core's pipeline, which
/// knows nothing of Neural, and the bundle engine trained after it plugs in its signal.</summary>
public sealed class SequenceModelPipelineTests : IDisposable
{
    private static readonly Lazy<Dataset> Shop = new(() =>
        ShopGenerator.Build(new ShopGeneratorOptions { Users = 150, Items = 40, Orders = 1_500, Seed = 4 }).Dataset);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bf-neural-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        { Directory.Delete(_dir, true); }
        catch (IOException) { }
    }

    private static SequenceModelOptions Small => new()
    {
        Kind = SequenceModelKind.SasRec,
        MaxLength = 10,
        Dim = 16,
        Blocks = 1,
        Heads = 2,
        Epochs = 3,
        Patience = 3,
        BatchSize = 32,
    };

    private TrainingPlan Plan(string name, params IModelOptions[] models) => new()
    {
        OutputFolder = Path.Combine(_dir, name),
        Models = models,
        Threads = 2,
        Seed = 3,
        Pseudonymizer = new Pseudonymizer("test-secret-0123456789"u8),
    };

    [Fact]
    public void A_plan_with_a_small_SasRec_trains_it_through_the_pipeline_and_bundles_use_its_signal()
    {
        var data = Shop.Value;
        var result = TrainingPipeline.Run(data, Plan("model", new BundleModelOptions(), Small), null, CancellationToken.None);

        Assert.Equal(["sasrec", "bundles"], result.Models.Select(m => m.Component));
        var report = result.Report<SequenceModelReport>();
        Assert.Equal(SequenceModelKind.SasRec, report.Kind);
        Assert.Equal(3, report.EpochsRun);
        Assert.Equal(3, report.EpochLoss.Count);
        Assert.All(report.EpochLoss, l => Assert.True(double.IsFinite(l) && l > 0));
        Assert.Equal(data.Sequences.Count, report.Users);
        Assert.Equal(data.Items.Count, report.Items);
        Assert.True(report.Metrics.Queries > 0);
        Assert.Equal(report.Metrics.Queries, report.Popularity.Queries);
        Assert.Equal(0, report.TestDays);
        Assert.Null(report.TimeSplit);

        var reader = ModelReader.Open(result.ModelFolder);
        var sasrec = reader.Manifest.Components["sasrec"];
        Assert.Equal(Math.Round(report.Metrics.NdcgAt(10), 6), sasrec.Metrics["test"]!["ndcg@10"]!.GetValue<double>());
        Assert.Equal(3, sasrec.Parameters["seed"]!.GetValue<int>()); // the plan's seed
        Assert.Equal(["sasrec"], result.Report<BundlesReport>().Signals);

        using var scorer = SequenceScorer.Load(result.ModelFolder);
        Assert.Equal(data.Items.Ids, scorer.ItemIds);
        int buyer = Enumerable.Range(0, data.Users.Count).First(u => data.Sequences.LengthOf(u) >= 2);
        var history = data.Sequences[buyer].ToArray();
        Assert.Equal(5, scorer.TopK(history, 5, excludeHistory: false).Length);
    }

    [Fact]
    public void A_time_split_is_tested_on_the_last_days_and_recorded_in_the_manifest()
    {
        var plan = Plan("split", Small with { Epochs = 1, Patience = 1, TestDays = 60 });
        var result = TrainingPipeline.Run(Shop.Value, plan, null, CancellationToken.None);
        var report = result.Report<SequenceModelReport>();
        Assert.Equal(60, report.TestDays);
        var split = Assert.IsType<SequenceTimeSplitReport>(report.TimeSplit);
        Assert.True(split.TestUsers > 0);
        Assert.Equal(split.TestUsers, report.Metrics.Queries);
        Assert.True(split.TrainingPeriodMetrics.Queries > 0);
        Assert.Equal(60, ModelReader.Open(result.ModelFolder).Manifest.Components["sasrec"].Parameters["time_split_days"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(SequenceModelKind.SasRec, "SasRec.Heads")]
    [InlineData(SequenceModelKind.Bert4Rec, "Bert4Rec.Heads")]
    public void An_invalid_option_names_it_and_nothing_is_written(SequenceModelKind kind, string option)
    {
        var plan = Plan("bad", Small with { Kind = kind, Heads = 3 });
        var e = Assert.Throws<DataException>(() => TrainingPipeline.Run(Shop.Value, plan, null, CancellationToken.None));
        Assert.Equal(option, e.Field);
        Assert.Equal($"{option} must divide {option[..option.IndexOf('.')]}.Dim (16), not 3.", e.Reason);
        Assert.False(Directory.Exists(plan.OutputFolder));

        e = Assert.Throws<DataException>(() => (Small with { Kind = kind, TestDays = -1 }).Validate());
        Assert.Equal(option.Replace("Heads", "TestDays"), e.Field);
    }
}
