using BundleForge.Bundles;
using BundleForge.Synthetic;
using Xunit.Abstractions;

namespace BundleForge.Core.Tests.Bundles;

public class ShopSimulatorTests(ITestOutputHelper output)
{
    internal static (SyntheticShop Shop, BundleForge.Data.Dataset Data, BundleEngine Engine) Shop(long seed, MarketStrategy? strategy = null)
    {
        var (shop, data) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 1_500, Items = 300, Orders = 20_000, Seed = seed });
        var pairs = CooccurrencePairScorer.Build(data.Baskets, shop.ItemCount, data.Items);
        var sources = new ICandidateSource[]
        {
            new ComplementCandidateSource(pairs, data.Items),
            new ProfileCandidateSource(data.Items, pairs.ItemCounts),
            new PopularityCandidateSource(pairs.ItemCounts),
        };
        var organic = new PopularityOrganicDemand(pairs.ItemCounts.ToArray(), pairs.BasketCount);
        var engine = new BundleEngine(data.Items, sources, pairs, strategy ?? MarketStrategy.Default, organic: organic, seed: seed);
        return (shop, data, engine);
    }

    [Fact]
    public void Engine_BeatsTheFixedDiscount_AndNoPolicyBeatsTheOracle()
    {
        var (shop, data, engine) = Shop(4);
        var result = new ShopSimulator(shop, data, engine).Run(new SimulationOptions { Users = 250, Rounds = 2, Seed = 4 });
        foreach (var p in new[] { result.Engine, result.FixedDiscount, result.Oracle })
            output.WriteLine($"{p.Name}: offers {p.Offers} accepted {p.Accepted} ({p.AcceptRate:P1}) revenue {p.Revenue:0} profit {p.BundleProfit:0} displaced {p.DisplacedProfit:0} incremental {p.IncrementalProfit:0} mean discount {p.MeanAcceptedDiscount:P1}");
        output.WriteLine($"oracle share: engine {result.OracleShare:P1}, fixed discount {result.FixedDiscountOracleShare:P1}");

        Assert.Equal(0, result.NoBundles.IncrementalProfit);
        Assert.True(result.Oracle.IncrementalProfit > 0);
        Assert.True(result.Oracle.IncrementalProfit >= result.Engine.IncrementalProfit);
        Assert.True(result.Engine.IncrementalProfit > 0);
        Assert.True(result.OracleShare > result.FixedDiscountOracleShare, $"{result.OracleShare} vs {result.FixedDiscountOracleShare}");
    }
}
