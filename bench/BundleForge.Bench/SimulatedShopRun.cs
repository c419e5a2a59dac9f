using System.Diagnostics;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;
using BundleForge.Evaluation.Bundles;
using BundleForge.Evaluation.Synthetic;

namespace BundleForge.Bench;

/// <summary>A whole simulated-shop backtest (not a micro benchmark): <c>dotnet BundleForge.Bench.dll simulate
/// [users] [items] [orders] [simulated users] [rounds] [seed] [cells]</c> prints the policies' outcomes and the oracle shares.</summary>
public static class SimulatedShopRun
{
    public static void Run(string[] args)
    {
        int At(int k, int fallback) => args.Length > k ? int.Parse(args[k], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        var options = new ShopGeneratorOptions { Users = At(0, 5_000), Items = At(1, 1_000), Orders = At(2, 60_000), Seed = At(5, 4) };
        var clock = Stopwatch.StartNew();
        var (shop, data) = ShopGenerator.Build(options);
        var pairs = CooccurrencePairScorer.Build(data.Baskets, shop.ItemCount, data.Items);
        var sources = new ICandidateSource[]
        {
            new ComplementCandidateSource(pairs),
            new ProfileCandidateSource(data.Items, pairs.ItemCounts),
            new PopularityCandidateSource(pairs.ItemCounts),
        };
        var organic = new PopularityOrganicDemand(pairs.ItemCounts.ToArray(), pairs.BasketCount);
        // Optional 7th argument, a comma list, for comparisons: "cells" (the earlier learner, per segment × discount
        // level calibration), "independent" (each offer priced alone, the highest expected profits shown), "nominimum"
        // (no minimum discount, quantity bundles allowed: the offer filters of issue 18 off, for comparison).
        var flags = args.Length > 6 ? args[6].Split(',') : [];
        bool cells = flags.Contains("cells");
        var acceptance = new AcceptanceModel { Feedback = new AcceptanceFeedback { UseOfferModel = !cells } };
        var strategy = flags.Contains("nominimum") ? MarketStrategy.Default with { MinDiscount = 0, QuantityBundles = true } : MarketStrategy.Default;
        var engine = new BundleEngine(data.Items, sources, pairs, strategy, acceptance, organic: organic, seed: options.Seed)
        {
            ChooseOffersTogether = !flags.Contains("independent"),
            // A fixed clock: the exploration draws, and so the figures, do not depend on the day of the run.
            Clock = BundleForge.Evaluation.Bundles.FixedClock.Epoch,
        };
        Console.WriteLine($"shop: {options.Users} users, {options.Items} items, {options.Orders} orders, seed {options.Seed}; built in {clock.Elapsed.TotalSeconds:0.0} s");
        var result = new ShopSimulator(shop, data, engine).Run(new SimulationOptions { Users = At(3, 1_000), Rounds = At(4, 3), Seed = options.Seed });
        double Share(double profit) => result.Oracle.IncrementalProfit > 0 ? profit / result.Oracle.IncrementalProfit : 0;
        Console.WriteLine("| policy | offers | accepted | accept rate | mean discount | revenue | bundle profit | displaced | incremental profit |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var p in new[] { result.NoBundles, result.FixedDiscount, result.Engine, result.Oracle, result.WtpOracle!, result.Informed!, result.InformedTogether! })
            Console.WriteLine($"| {p.Name} | {p.Offers:N0} | {p.Accepted:N0} | {p.AcceptRate:P1} | {p.MeanAcceptedDiscount:P1} | {p.Revenue:N0} | {p.BundleProfit:N0} | {p.DisplacedProfit:N0} | {p.IncrementalProfit:N0} |");
        Console.WriteLine($"learned acceptance correction from {result.LearnedFrom:N0} labelled offers: "
            + string.Join(", ", result.LearnedCorrection.Select(c => $"{c.Feature} {c.Value:+0.00;-0.00}")));
        Console.WriteLine($"the oracle limited to the engine's shown offers: {result.ShownOffersOracleProfit:N0} ({Share(result.ShownOffersOracleProfit):P1}); "
            + $"the most profitable acceptable shown offer at the engine's prices: {result.ShownOffersAtEnginePricesProfit:N0} ({Share(result.ShownOffersAtEnginePricesProfit):P1})");
        Console.WriteLine($"oracle share: engine {result.OracleShare:P1}, fixed discount {result.FixedDiscountOracleShare:P1}, informed (diagnostic) {result.InformedOracleShare:P1}, informed together (diagnostic) {result.InformedTogetherOracleShare:P1}; engine's share of the willingness-to-pay oracle {result.WtpOracleShare:P1}; {result.Users} users x {result.Rounds} rounds in {result.Seconds:0.0} s");
    }
}
