using BundleForge.Evaluation.Bundles;
using BundleForge.Evaluation.Synthetic;

namespace BundleForge.Core.Tests.Evaluation.Bundles;

/// <summary>The one backtest call (held-out time, then the simulated shop) gives what its two parts give.</summary>
public class BacktestTests
{
    private static readonly SimulatedShopOptions SmallShop = new() { Users = 200, Items = 50, Orders = 2_000, Sessions = 60, Rounds = 1, Seed = 4 };

    [Fact]
    public void One_call_runs_the_held_out_backtest_and_the_simulated_shop_as_their_parts_do()
    {
        var (_, data) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 300, Items = 80, Orders = 4_000, Seed = 8, Days = 120 });
        var options = new BundleBacktestOptions { TestDays = 20, Count = 2 };
        var report = Backtest.Run(data, options, SmallShop);

        var held = BundleBacktest.Run(data, options);
        Assert.Equal(held with { SignalSeconds = report.HeldOut.SignalSeconds }, report.HeldOut);
        Assert.Equal($"time split: last 20 days held out; {held.Users} users with a training history and a held-out basket; 2 bundles each, judged on the user's first held-out basket",
            report.Protocol);

        var sim = SimulatedShopBacktest.Run(SmallShop, options.Strategy);
        var got = report.Simulation!;
        Assert.Equal(60, got.Users);
        Assert.Equal(1, got.Rounds);
        foreach (var (a, b) in new[] { (sim.Engine, got.Engine), (sim.Oracle, got.Oracle), (sim.NoBundles, got.NoBundles), (sim.FixedDiscount, got.FixedDiscount), (sim.WtpOracle!, got.WtpOracle!) })
            Assert.Equal(a, b);
        Assert.True(got.Engine.Offers > 0);
        Assert.Equal(0, got.NoBundles.IncrementalProfit);
        Assert.InRange(got.OracleShare, 0.05, 1);

        Assert.Null(Backtest.Run(data, options with { Validation = true }).Simulation);
    }

    [Fact]
    public void The_simulated_shop_follows_its_options()
    {
        var together = SimulatedShopBacktest.Run(SmallShop with { Sessions = 1_000 }, BundleForge.Bundles.Strategy.MarketStrategy.Default);
        // Sessions are capped at the shop's 200 users (then sampled among those with purchases).
        Assert.InRange(together.Users, 150, 200);
        var alone = SimulatedShopBacktest.Run(SmallShop with { Sessions = 1_000, ChooseOffersTogether = false }, BundleForge.Bundles.Strategy.MarketStrategy.Default);
        Assert.NotEqual(together.Engine, alone.Engine);
        Assert.Equal(together.Oracle.Sessions, alone.Oracle.Sessions);
        Assert.Throws<DataException>(() => SimulatedShopBacktest.Run(SmallShop with { Users = 0 }, BundleForge.Bundles.Strategy.MarketStrategy.Default));
    }
}
