using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;
using BundleForge.Evaluation.Bundles;
using BundleForge.Evaluation.Synthetic;
using Xunit.Abstractions;

namespace BundleForge.Core.Tests.Evaluation.Bundles;

public class ShopSimulatorTests(ITestOutputHelper output)
{
    internal static (SyntheticShop Shop, BundleForge.Data.Dataset Data, BundleEngine Engine) Shop(long seed, MarketStrategy? strategy = null, bool offerModel = true)
    {
        var (shop, data) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 1_500, Items = 300, Orders = 20_000, Seed = seed });
        var pairs = CooccurrencePairScorer.Build(data.Baskets, shop.ItemCount, data.Items);
        var sources = new ICandidateSource[]
        {
            new ComplementCandidateSource(pairs),
            new ProfileCandidateSource(data.Items, pairs.ItemCounts),
            new PopularityCandidateSource(pairs.ItemCounts),
        };
        var organic = new PopularityOrganicDemand(pairs.ItemCounts.ToArray(), pairs.BasketCount);
        var acceptance = new AcceptanceModel { Feedback = new AcceptanceFeedback { UseOfferModel = offerModel } };
        var engine = new BundleEngine(data.Items, sources, pairs, strategy ?? MarketStrategy.Default, acceptance, organic: organic, seed: seed)
        {
            Clock = BundleForge.Evaluation.Bundles.FixedClock.Epoch,
        };
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

    [Fact]
    public void PerOfferLearner_EarnsMoreThanPerCellCalibration_AndTheDiagnosticsBoundTheEngine()
    {
        var options = new SimulationOptions { Users = 250, Rounds = 3, Seed = 5 };
        var (shop, data, engine) = Shop(5);
        var offers = new ShopSimulator(shop, data, engine).Run(options);
        var (shop2, data2, cellsEngine) = Shop(5, offerModel: false);
        var cells = new ShopSimulator(shop2, data2, cellsEngine).Run(options);
        output.WriteLine($"per offer: {offers.OracleShare:P1} (discount {offers.Engine.MeanAcceptedDiscount:P1}); cells: {cells.OracleShare:P1} (discount {cells.Engine.MeanAcceptedDiscount:P1}); informed {offers.InformedOracleShare:P1}");

        Assert.Equal(cells.Oracle.IncrementalProfit, offers.Oracle.IncrementalProfit, 6);
        Assert.True(offers.Engine.IncrementalProfit > cells.Engine.IncrementalProfit, $"{offers.OracleShare} vs {cells.OracleShare}");
        Assert.True(offers.Engine.MeanAcceptedDiscount < cells.Engine.MeanAcceptedDiscount);
        Assert.True(offers.LearnedFrom > 0);
        // Per session: the user's max-surplus pick ≤ the most profitable acceptable shown offer ≤ the best shown offer
        // at any allowed price; the informed policy never beats the oracle, which knows the session's draws.
        Assert.True(offers.ShownOffersAtEnginePricesProfit >= offers.Engine.BundleProfit - offers.Engine.DisplacedProfit - 1e-6);
        Assert.True(offers.ShownOffersOracleProfit >= offers.ShownOffersAtEnginePricesProfit - 1e-6);
        Assert.NotNull(offers.Informed);
        Assert.True(offers.Informed!.IncrementalProfit <= offers.Oracle.IncrementalProfit + 1e-6);
        Assert.True(offers.Informed.IncrementalProfit > offers.FixedDiscount.IncrementalProfit);
        // The willingness-to-pay oracle knows less than the clairvoyant one (not the attention or organic draws) and
        // more than the informed policy (this session's valuation, not only its distribution); it never asks more
        // than the valuation, so it sells at least as often as the informed policy.
        var wtp = Assert.IsType<PolicyOutcome>(offers.WtpOracle);
        output.WriteLine($"willingness-to-pay oracle: {wtp.IncrementalProfit:0} (engine share {offers.WtpOracleShare:P1}), clairvoyant {offers.Oracle.IncrementalProfit:0}, informed {offers.Informed.IncrementalProfit:0}");
        Assert.True(wtp.IncrementalProfit <= offers.Oracle.IncrementalProfit + 1e-6);
        Assert.True(wtp.IncrementalProfit > offers.Informed.IncrementalProfit);
        Assert.True(wtp.Accepted >= offers.Informed.Accepted);
        Assert.True(offers.WtpOracleShare > offers.OracleShare);
    }

    [Fact]
    public void ChoosingTheOffersTogether_EarnsMoreThanPricingEachAlone_ForTheEngineAndWithFullKnowledge()
    {
        var options = new SimulationOptions { Users = 250, Rounds = 3, Seed = 6 };
        var (shop, data, engine) = Shop(6);
        var together = new ShopSimulator(shop, data, engine).Run(options);
        var (shop2, data2, alone) = Shop(6);
        alone.ChooseOffersTogether = false;
        var separately = new ShopSimulator(shop2, data2, alone).Run(options);
        output.WriteLine($"engine together {together.Engine.IncrementalProfit:0} ({together.WtpOracleShare:P1} of the wtp oracle), alone {separately.Engine.IncrementalProfit:0} ({separately.WtpOracleShare:P1}); informed together {together.InformedTogether!.IncrementalProfit:0}, alone {together.Informed!.IncrementalProfit:0}");

        Assert.True(together.Engine.IncrementalProfit > separately.Engine.IncrementalProfit);
        Assert.True(together.InformedTogether.IncrementalProfit > together.Informed.IncrementalProfit);
        Assert.True(together.InformedTogether.IncrementalProfit <= together.Oracle.IncrementalProfit + 1e-6);
        // Answers stay full: as many offers shown as priced alone.
        Assert.Equal(separately.Engine.Offers, together.Engine.Offers);
    }
}
