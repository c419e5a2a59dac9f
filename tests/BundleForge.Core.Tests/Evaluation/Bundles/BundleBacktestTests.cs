using BundleForge.Artifacts;
using BundleForge.Bundles.Engine;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation.Bundles;
using BundleForge.Evaluation.Synthetic;
using BundleForge.Training;

namespace BundleForge.Core.Tests.Evaluation.Bundles;

public class BundleBacktestTests
{
    private static BundleForge.Data.Dataset Shop() =>
        ShopGenerator.Build(new ShopGeneratorOptions { Users = 300, Items = 80, Orders = 4_000, Seed = 8, Days = 120 }).Dataset;

    /// <summary>A model of the training pipeline that records the data it trained on and writes a one-file component,
    /// and the loader that reads it back (adding nothing to the engine).</summary>
    private sealed class RecordingModel(string component) : IModelOptions, IModelTrainer, IBundleSignalLoader
    {
        public BundleForge.Data.Dataset? TrainedOn { get; private set; }
        public string? ReadBack { get; private set; }
        public string Component => component;
        public void Validate() { }
        public IModelTrainer CreateTrainer() => this;

        public ModelReport Train(TrainingContext context, CancellationToken cancellation)
        {
            TrainedOn = context.Data;
            File.WriteAllText(context.Writer.PathFor(component, "trained.txt"), $"{context.Data.Baskets.Count} baskets, seed {context.Seed}");
            context.Writer.AddComponent(component, "test");
            return new Report(component);
        }

        public BundleSignals Load(ModelReader reader, ItemCatalog catalog)
        {
            ReadBack = File.ReadAllText(reader.PathOf(component, "trained.txt"));
            return new BundleSignals { Component = component };
        }

        private sealed record Report(string Name) : ModelReport
        {
            public override string Component => Name;
        }
    }

    [Fact]
    public void Backtest_ScoresEveryPolicyOnTheSameUsers()
    {
        var data = Shop();
        var r = BundleBacktest.Run(data, new BundleBacktestOptions { TestDays = 20, Count = 3 });
        Assert.True(r.Users > 20);
        Assert.Equal(3 * r.Users, r.TopPairs.Bundles);
        foreach (var m in new[] { r.Engine, r.TopPairs, r.RulesOnly })
        {
            Assert.InRange(m.HitRate, 0, 1);
            Assert.InRange(m.Precision, 0, m.HitRate + 1e-12 > 0 ? 1 : 0);
            Assert.InRange(m.Coverage, 0, 1);
        }
        // Top pairs offer the same two-item bundles to everyone: 3 pairs cover at most 6 items.
        Assert.True(r.TopPairs.Coverage <= 6.0 / 80 + 1e-9);
        Assert.True(r.Engine.Coverage > r.TopPairs.Coverage);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Signals_train_through_the_pipeline_on_the_training_period_only_in_order_and_are_timed(bool validation)
    {
        var data = Shop();
        var first = new RecordingModel("first");
        var second = new RecordingModel("second");
        var r = BundleBacktest.Run(data, new BundleBacktestOptions
        {
            TestDays = 20,
            Validation = validation,
            Signals = [first, second],
            SignalLoaders = [first, second],
            SignalSeed = 7,
        });
        Assert.Equal(["first", "second"], r.SignalSeconds.Select(s => s.Component));
        Assert.All(r.SignalSeconds, s => Assert.True(s.Seconds >= 0));
        var trained = first.TrainedOn!;
        Assert.Same(trained, second.TrainedOn);
        Assert.Equal(r.TrainBaskets, trained.Baskets.Count);
        // The component was written by the pipeline and read back by its loader, with the backtest's seed.
        Assert.Equal($"{r.TrainBaskets} baskets, seed 7", first.ReadBack);
        // Nothing from the tested period (nor, in validation mode, from the held-out one after it) leaks in: neither
        // baskets nor events; the catalog and the users are the full data's.
        for (int b = 0; b < trained.Baskets.Count; b++)
            Assert.True(trained.Baskets.Time[b] < r.TestStart);
        Assert.All(trained.Interactions.Time, t => Assert.True(t < r.TestStart));
        Assert.True(trained.Interactions.Count < data.Interactions.Count);
        Assert.Same(data.Items, trained.Items);
        Assert.Same(data.Users, trained.Users);
        Assert.Equal(r.Engine, BundleBacktest.Run(data, new BundleBacktestOptions { TestDays = 20, Validation = validation }).Engine);
    }

    [Fact]
    public void Item2vec_signals_trained_by_the_pipeline_change_the_engine_and_leave_no_folder_behind()
    {
        var data = Shop();
        var before = Directory.GetDirectories(Path.GetTempPath(), "bundleforge-backtest-*").Length;
        var plain = BundleBacktest.Run(data, new BundleBacktestOptions { TestDays = 20 });
        var withItem2Vec = BundleBacktest.Run(data, new BundleBacktestOptions
        {
            TestDays = 20,
            Signals = [new Item2VecOptions { Epochs = 2, Dimensions = 16 }],
            SignalThreads = 1,
        });
        Assert.Equal("item2vec", Assert.Single(withItem2Vec.SignalSeconds).Component);
        Assert.Equal(plain.Users, withItem2Vec.Users);
        // The embedding sources and pair scorer reach the engine: its offers are no longer the co-purchase ones alone.
        Assert.NotEqual(plain.Engine, withItem2Vec.Engine);
        Assert.Equal(before, Directory.GetDirectories(Path.GetTempPath(), "bundleforge-backtest-*").Length);
    }

    [Fact]
    public void A_signal_model_without_a_loader_is_a_data_error()
    {
        var e = Assert.Throws<DataException>(() => BundleBacktest.Run(Shop(), new BundleBacktestOptions { TestDays = 20, Signals = [new RecordingModel("orphan")] }));
        Assert.Contains("orphan", e.Message);
    }

    [Fact]
    public void Bad_options_are_data_errors_naming_the_option()
    {
        var data = Shop();
        Assert.Equal("n", Assert.Throws<DataException>(() => BundleBacktest.Run(data, new BundleBacktestOptions { Count = 0 })).Field);
        Assert.Equal("--test-days", Assert.Throws<DataException>(() => BundleBacktest.Run(data, new BundleBacktestOptions { TestDays = 1_000 })).Field);
    }
}
