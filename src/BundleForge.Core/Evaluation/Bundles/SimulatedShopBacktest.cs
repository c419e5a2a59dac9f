using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;
using BundleForge.Evaluation.Synthetic;
using BundleForge.Privacy;

namespace BundleForge.Evaluation.Bundles;

/// <summary>The simulated-shop half of a backtest: generates a shop whose users' valuations are known, builds the
/// bundles model and engine from its history, and runs every policy of <see cref="ShopSimulator"/> over its sessions.</summary>
public static class SimulatedShopBacktest
{
    /// <summary>Generates the shop, builds its model and engine under <paramref name="strategy"/>, and simulates every
    /// policy; <paramref name="cancellation"/> is checked per generated user and per simulated session.</summary>
    public static SimulationResult Run(SimulatedShopOptions options, MarketStrategy strategy, IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellation = default)
    {
        progress?.Report(new ProgressUpdate("simulation", double.NaN, "generating a shop"));
        var generator = new ShopGeneratorOptions { Users = options.Users, Items = options.Items, Orders = options.Orders, Seed = options.Seed };
        generator.Validate();
        var (shop, generated) = ShopGenerator.Build(generator, progress, cancellation);
        // The simulation never writes a model, so a throwaway key keeps raw ids out of everything it builds.
        var model = BundleModel.Build(generated, generated.Baskets, new Pseudonymizer(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), strategy,
            new AcceptanceFeedback { PoolLevels = options.PoolLevels, UseOfferModel = options.UseOfferModel }, cancellation);
        var engine = new BundleEngineFactory(generated.Items, model) { Clock = FixedClock.Epoch }.Create(strategy, options.Seed);
        engine.ChooseOffersTogether = options.ChooseOffersTogether;
        return new ShopSimulator(shop, generated, engine).Run(new SimulationOptions
        {
            Users = Math.Min(options.Sessions, generator.Users),
            Rounds = Math.Max(1, options.Rounds),
            Seed = options.Seed,
            CensorCompetingDeclines = options.CensorCompetingDeclines,
        }, progress, cancellation);
    }
}
