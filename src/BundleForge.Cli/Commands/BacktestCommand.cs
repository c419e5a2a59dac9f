using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Strategy;
using BundleForge.Cli.Console;
using BundleForge.Evaluation.Bundles;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge backtest</c>: the bundle engine on held-out time (hit rate, precision, coverage beside the
/// top_pairs and rules_only baselines) and in a simulated shop whose users' valuations are known (share of the
/// oracle's incremental profit beside no_bundles and fixed_discount). Parses its options into the library's
/// <see cref="BundleBacktestOptions"/> and <see cref="SimulatedShopOptions"/>, runs <see cref="Backtest.Run"/> and renders
/// the report.</summary>
internal static class BacktestCommand
{
    public static Command Create()
    {
        var cmd = new Command("backtest", "Backtest bundle offers on held-out time and in a simulated shop.");
        var data = new DataOptions(cmd);
        var strategy = new Option<string?>("--strategy") { Description = "Strategy JSON (docs/STRATEGY.md); default: the built-in strategy." };
        var testDays = new Option<int>("--test-days") { Description = "Days at the end held out.", DefaultValueFactory = _ => 30 };
        var n = new Option<int>("-n") { Description = "Bundles offered per user.", DefaultValueFactory = _ => 3 };
        var simUsers = new Option<int>("--sim-users") { Description = "Users of the generated shop for the simulation (0 = skip the simulation).", DefaultValueFactory = _ => 1_500 };
        var simItems = new Option<int>("--sim-items") { Description = "Items of the generated shop.", DefaultValueFactory = _ => 300 };
        var simOrders = new Option<int>("--sim-orders") { Description = "Orders of the generated shop's history.", DefaultValueFactory = _ => 20_000 };
        var simSessions = new Option<int>("--sim-sessions") { Description = "Users sampled per simulated round.", DefaultValueFactory = _ => 500 };
        var simRounds = new Option<int>("--sim-rounds") { Description = "Simulated rounds (the engine learns from feedback between them).", DefaultValueFactory = _ => 3 };
        var validation = new Option<bool>("--validation") { Description = "Test on the --test-days before the held-out period instead (for tuning without touching it)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated shop and the simulation.", DefaultValueFactory = _ => 42 };
        var signals = new Option<string>("--signals") { Description = "Other models whose signals the engine uses, trained on the training period: comma list of item2vec, sasrec, or none.", DefaultValueFactory = _ => "item2vec,sasrec" };
        var item2vecWeight = new Option<float>("--item2vec-weight") { Description = "Source weight of item2vec complements.", DefaultValueFactory = _ => Item2VecBundleSignals.DefaultComplementWeight };
        var profileWeight = new Option<float>("--profile-weight") { Description = "Source weight of item2vec profile relevance.", DefaultValueFactory = _ => Item2VecBundleSignals.DefaultProfileWeight };
        var pairWeight = new Option<float>("--embedding-pair-weight") { Description = "Weight of the embedding complement measure in pair complementarity.", DefaultValueFactory = _ => EmbeddingPairScorer.DefaultEmbeddingWeight };
        var sasrecWeight = new Option<float>("--sasrec-weight") { Description = "Source weight of SASRec next-item scores.", DefaultValueFactory = _ => BundleForge.Neural.SequenceCandidateSource.DefaultWeight };
        var sasrecMinutes = new Option<double>("--sasrec-minutes") { Description = "Training time budget of the backtest's SASRec.", DefaultValueFactory = _ => 3 };
        var simPool = new Option<bool>("--sim-pool-levels") { Description = "Simulated shop: pool offer feedback across discount levels (false: independent Beta cells, the earlier learner).", DefaultValueFactory = _ => true };
        var simLearner = new Option<string>("--sim-learner") { Description = "Simulated shop: offer feedback learner, 'offers' (per-offer Bayesian logistic regression, default) or 'cells' (per segment × discount level, the earlier learner).", DefaultValueFactory = _ => "offers" };
        simLearner.AcceptOnlyFromAmong("offers", "cells");
        var simOffers = new Option<string>("--sim-offers") { Description = "Simulated shop: how the engine picks the offers it shows, 'together' (offers and prices chosen as a set, knowing a customer takes at most one; default) or 'independent' (each bundle priced alone, the highest expected profits shown).", DefaultValueFactory = _ => "together" };
        simOffers.AcceptOnlyFromAmong("together", "independent");
        var simCensor = new Option<bool>("--sim-censor-competing") { Description = "Simulated shop: offers that lost to another accepted offer of the same session are not recorded as declined.", DefaultValueFactory = _ => true };
        var searchSeeds = new Option<int?>("--search-seeds") { Description = "Composer search (tuning): most relevant items a bundle may start from." };
        var searchBeam = new Option<int?>("--search-beam") { Description = "Composer search (tuning): partial bundles kept per size." };
        var searchReach = new Option<int?>("--search-reach") { Description = "Composer search (tuning): most relevant candidates considered for extending a bundle." };
        var searchBudget = new Option<int?>("--search-budget") { Description = "Composer search (tuning): extensions tried per bundle size." };
        var searchCandidates = new Option<int?>("--search-candidates") { Description = "Composer search (tuning): candidates asked from each source." };
        var searchKept = new Option<int?>("--search-kept") { Description = "Composer search (tuning): bundles kept per size (beam and finalists)." };
        var json = JsonOption.Create();
        foreach (var o in new Option[] { simPool, simLearner, simOffers, simCensor, strategy, testDays, n, simUsers, simItems, simOrders, simSessions, simRounds, validation, seed, signals, item2vecWeight, profileWeight, pairWeight, sasrecWeight, sasrecMinutes, searchSeeds, searchBeam, searchReach, searchBudget, searchCandidates, searchKept, json }) cmd.Options.Add(o);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            bool asJson = parse.GetValue(json);
            var file = parse.GetValue(strategy);
            var s = file is null ? MarketStrategy.Default : MarketStrategy.Load(file);
            var clock = Stopwatch.StartNew();
            var signalList = (parse.GetValue(signals) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(x => x != "none").Distinct().ToArray();
            var c = BundleEngineFactory.ServingComposer;
            var options = new BundleBacktestOptions
            {
                TestDays = parse.GetValue(testDays), Count = parse.GetValue(n), Validation = parse.GetValue(validation),
                Strategy = s,
                Composer = c with
                {
                    Seeds = parse.GetValue(searchSeeds) ?? c.Seeds, BeamWidth = parse.GetValue(searchBeam) ?? c.BeamWidth,
                    ExpansionPool = parse.GetValue(searchReach) ?? c.ExpansionPool, ExtensionBudget = parse.GetValue(searchBudget) ?? c.ExtensionBudget,
                    CandidatesPerSource = parse.GetValue(searchCandidates) ?? c.CandidatesPerSource, KeptPerSize = parse.GetValue(searchKept) ?? c.KeptPerSize,
                },
                Signals = new BacktestSignals
                {
                    Item2VecWeight = parse.GetValue(item2vecWeight), ProfileWeight = parse.GetValue(profileWeight), EmbeddingPairWeight = parse.GetValue(pairWeight),
                    SasRecWeight = parse.GetValue(sasrecWeight), SasRecMinutes = parse.GetValue(sasrecMinutes), Seed = parse.GetValue(seed),
                }.Trainers(signalList),
            };
            var simulation = parse.GetValue(simUsers) > 0
                ? new SimulatedShopOptions
                {
                    Users = parse.GetValue(simUsers), Items = parse.GetValue(simItems), Orders = parse.GetValue(simOrders), Sessions = parse.GetValue(simSessions),
                    Rounds = parse.GetValue(simRounds), Seed = parse.GetValue(seed), CensorCompetingDeclines = parse.GetValue(simCensor),
                    PoolLevels = parse.GetValue(simPool), UseOfferModel = parse.GetValue(simLearner) != "cells", ChooseOffersTogether = parse.GetValue(simOffers) != "independent",
                }
                : null;
            var result = CliProgress.Run(asJson, progress => Backtest.Run(data.Load(parse, progress), options, simulation, progress));
            var report = Json(result);
            report["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3);
            if (asJson) { CommandHost.WriteJson(report); return CommandHost.Ok; }
            var (held, sim) = (result.HeldOut, result.Simulation);

            var inv = CultureInfo.InvariantCulture;
            AnsiConsole.MarkupLine(Markup.Escape(report["protocol"]!.ToString()));
            var t = new Table().Title("Held-out time").AddColumn("policy").AddColumn(new TableColumn("bundle hit rate").RightAligned())
                .AddColumn(new TableColumn("bundle precision").RightAligned()).AddColumn(new TableColumn("coverage").RightAligned()).AddColumn(new TableColumn("bundles").RightAligned());
            foreach (var (name, m) in new[] { ("engine", held.Engine), ("top_pairs", held.TopPairs), ("rules_only", held.RulesOnly) })
                t.AddRow(name, m.HitRate.ToString("P2", inv), m.Precision.ToString("P2", inv), m.Coverage.ToString("P2", inv), m.Bundles.ToString("N0", inv));
            AnsiConsole.Write(t);
            if (sim is not null)
            {
                var st = new Table().Title("Simulated shop").AddColumn("policy").AddColumn(new TableColumn("incremental profit").RightAligned())
                    .AddColumn(new TableColumn("oracle share").RightAligned()).AddColumn(new TableColumn("offers").RightAligned()).AddColumn(new TableColumn("accepted").RightAligned());
                foreach (var p in new[] { sim.Engine, sim.NoBundles, sim.FixedDiscount, sim.Oracle, sim.WtpOracle! })
                    st.AddRow(p.Name, p.IncrementalProfit.ToString("0.00", inv), Share(p, sim).ToString("P1", inv), p.Offers.ToString("N0", inv), p.Accepted.ToString("N0", inv));
                AnsiConsole.Write(st);
            }
            return CommandHost.Ok;
        }));
        return cmd;
    }

    /// <summary>The JSON object <c>backtest --json</c> prints (without <c>seconds</c>, which the command adds).</summary>
    private static JsonObject Json(BacktestReport r)
    {
        var held = r.HeldOut;
        var report = new JsonObject
        {
            ["protocol"] = r.Protocol,
            ["metrics"] = Metrics(held.Engine),
            ["baselines"] = new JsonObject { ["top_pairs"] = Metrics(held.TopPairs), ["rules_only"] = Metrics(held.RulesOnly) },
            ["signals"] = new JsonArray(held.SignalSeconds.Select(x => (JsonNode)x.Component).ToArray()),
            ["signal_seconds"] = new JsonObject(held.SignalSeconds.Select(x => KeyValuePair.Create(x.Component, (JsonNode?)Math.Round(x.Seconds, 1)))),
            ["users"] = held.Users,
            ["train_baskets"] = held.TrainBaskets,
            ["test_baskets"] = held.TestBaskets,
        };
        if (r.Simulation is { } sim)
            report["simulation"] = new JsonObject
            {
                ["oracle_share"] = Math.Round(sim.OracleShare, 4),
                ["engine"] = Outcome(sim.Engine, sim),
                ["oracle"] = Outcome(sim.Oracle, sim),
                // The oracle as the issue words it (knows willingness-to-pay, not the attention or organic draws).
                ["wtp_oracle_share"] = Math.Round(sim.WtpOracleShare, 4),
                ["wtp_oracle"] = sim.WtpOracle is null ? null : Outcome(sim.WtpOracle, sim),
                ["baselines"] = new JsonObject { ["no_bundles"] = Outcome(sim.NoBundles, sim), ["fixed_discount"] = Outcome(sim.FixedDiscount, sim) },
                ["users"] = sim.Users,
                ["rounds"] = sim.Rounds,
                ["diagnostics"] = new JsonObject
                {
                    ["shown_offers_oracle_share"] = Math.Round(sim.Oracle.IncrementalProfit > 0 ? sim.ShownOffersOracleProfit / sim.Oracle.IncrementalProfit : 0, 4),
                    ["shown_offers_at_engine_prices_share"] = Math.Round(sim.Oracle.IncrementalProfit > 0 ? sim.ShownOffersAtEnginePricesProfit / sim.Oracle.IncrementalProfit : 0, 4),
                    ["informed_share"] = Math.Round(sim.InformedOracleShare, 4),
                    ["informed"] = sim.Informed is null ? null : Outcome(sim.Informed, sim),
                    ["informed_together_share"] = Math.Round(sim.InformedTogetherOracleShare, 4),
                    ["informed_together"] = sim.InformedTogether is null ? null : Outcome(sim.InformedTogether, sim),
                    ["learned_from"] = sim.LearnedFrom,
                    ["learned_correction"] = new JsonObject(sim.LearnedCorrection.Select(c => KeyValuePair.Create(c.Feature, (JsonNode?)Math.Round(c.Value, 3)))),
                },
            };
        return report;
    }

    private static JsonObject Metrics(BundleMetrics m) => new()
    {
        ["bundle_hit_rate"] = Math.Round(m.HitRate, 4),
        ["bundle_precision"] = Math.Round(m.Precision, 4),
        ["coverage"] = Math.Round(m.Coverage, 4),
        ["bundles"] = m.Bundles,
    };

    private static double Share(PolicyOutcome p, SimulationResult sim) =>
        sim.Oracle.IncrementalProfit > 0 ? p.IncrementalProfit / sim.Oracle.IncrementalProfit : 0;

    private static JsonObject Outcome(PolicyOutcome p, SimulationResult sim) => new()
    {
        ["incremental_profit"] = Math.Round(p.IncrementalProfit, 2),
        ["oracle_share"] = Math.Round(Share(p, sim), 4),
        ["offers"] = p.Offers,
        ["accepted"] = p.Accepted,
        ["revenue"] = Math.Round(p.Revenue, 2),
        ["mean_accepted_discount"] = Math.Round(p.MeanAcceptedDiscount, 4),
        ["displaced_profit"] = Math.Round(p.DisplacedProfit, 2),
    };
}
