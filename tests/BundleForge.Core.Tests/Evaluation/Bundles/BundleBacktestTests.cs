using BundleForge.Bundles.Engine;
using BundleForge.Data;
using BundleForge.Evaluation.Bundles;
using BundleForge.Evaluation.Synthetic;

namespace BundleForge.Core.Tests.Evaluation.Bundles;

public class BundleBacktestTests
{
    private static BundleForge.Data.Dataset Shop() =>
        ShopGenerator.Build(new ShopGeneratorOptions { Users = 300, Items = 80, Orders = 4_000, Seed = 8, Days = 120 }).Dataset;

    /// <summary>Records the baskets it was trained on; adds nothing to the engine.</summary>
    private sealed class RecordingTrainer(string component) : IBacktestSignalTrainer
    {
        public BasketSet? TrainedOn { get; private set; }
        public string Component => component;

        public BundleSignals Train(BundleForge.Data.Dataset data, BasketSet train, IProgress<ProgressUpdate>? progress)
        {
            TrainedOn = train;
            return new BundleSignals { Component = component };
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
    public void Signals_train_on_the_training_baskets_only_in_order_and_are_timed(bool validation)
    {
        var data = Shop();
        var first = new RecordingTrainer("first");
        var second = new RecordingTrainer("second");
        var r = BundleBacktest.Run(data, new BundleBacktestOptions { TestDays = 20, Validation = validation, Signals = [first, second] });
        Assert.Equal(["first", "second"], r.SignalSeconds.Select(s => s.Component));
        Assert.All(r.SignalSeconds, s => Assert.True(s.Seconds >= 0));
        var train = first.TrainedOn!;
        Assert.Same(train, second.TrainedOn);
        Assert.Equal(r.TrainBaskets, train.Count);
        // Nothing from the tested period (nor, in validation mode, from the held-out one after it) leaks in.
        for (int b = 0; b < train.Count; b++)
            Assert.True(train.Time[b] < r.TestStart);
        Assert.Equal(r.Engine, BundleBacktest.Run(data, new BundleBacktestOptions { TestDays = 20, Validation = validation }).Engine);
    }

    [Fact]
    public void Bad_options_are_data_errors_naming_the_option()
    {
        var data = Shop();
        Assert.Equal("n", Assert.Throws<DataException>(() => BundleBacktest.Run(data, new BundleBacktestOptions { Count = 0 })).Field);
        Assert.Equal("--test-days", Assert.Throws<DataException>(() => BundleBacktest.Run(data, new BundleBacktestOptions { TestDays = 1_000 })).Field);
    }
}
