using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
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
        var optionSet = new BacktestOptionSet(cmd);
        var json = JsonOption.Create();
        cmd.Options.Add(json);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            bool asJson = parse.GetValue(json);
            var (options, simulation) = optionSet.Read(parse);
            var clock = Stopwatch.StartNew();
            // SIGTERM or Ctrl-C: while the data is read the process ends at once; then the backtest stops at its next check
            // (a user, a session, a training batch) and removes its signal models' temporary folder. It writes nothing else.
            using var stop = new StopSignals { Message = "backtest stopped before it finished: no temporary files were left", StopAtOnce = true };
            var dataset = CliProgress.Run(asJson, progress => data.Load(parse, progress));
            stop.StopAtOnce = false;
            var result = stop.Run(token => CliProgress.Run(asJson, progress => Backtest.Run(dataset, options, simulation, progress, token)));
            var report = Json(result);
            report["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3);
            if (asJson)
            { CommandHost.WriteJson(report); return CommandHost.Ok; }
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
            ["new_products"] = new JsonObject
            {
                ["bundles"] = held.NewProducts.Bundles,
                ["users"] = held.NewProducts.Users,
                ["hits"] = held.NewProducts.Hits,
                ["new_item_bought"] = held.NewProducts.NewItemBought,
            },
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
