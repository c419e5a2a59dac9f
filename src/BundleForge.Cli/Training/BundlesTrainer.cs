using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Strategy;
using BundleForge.Privacy;

namespace BundleForge.Cli.Training;

/// <summary>The <c>bundles</c> model: pair statistics, pseudonymised user histories and price profiles, acceptance
/// feedback state and the default strategy, so <c>bundles</c> and <c>price</c> serve from the model folder.</summary>
internal sealed class BundlesTrainer : IModelTrainer
{
    private readonly Option<string?> _strategy = new("--strategy") { Description = "bundles: strategy JSON stored as the model's default (docs/STRATEGY.md)." };

    /// <summary>Components whose signals the bundle engine can use.</summary>
    private static readonly string[] SignalComponents = ["item2vec", "sasrec"];

    public string Name => BundleModel.Component;

    public void AddOptions(Command train) => train.Options.Add(_strategy);

    public JsonObject Train(TrainContext context)
    {
        var clock = Stopwatch.StartNew();
        var file = context.Parse.GetValue(_strategy);
        var strategy = file is null ? MarketStrategy.Default : MarketStrategy.Load(file);
        context.Progress.Report(new ProgressUpdate("bundles", double.NaN, "pair statistics and user profiles"));
        var model = BundleModel.Build(context.Data, context.Data.Baskets, Pseudonymizer.FromEnvironment(), strategy);
        // The engine plugs in the signals of the other models trained in this run (trainers run in order, bundles last).
        model.Signals = SignalComponents.Where(context.Writer.Has).ToArray();
        double seconds = clock.Elapsed.TotalSeconds;
        model.Save(context.Writer, new JsonObject { ["seconds"] = Math.Round(seconds, 3) });
        return new JsonObject
        {
            ["users"] = model.UserCount,
            ["history_rows"] = model.HistoryItems.Length,
            ["items"] = context.Data.Items.Count,
            ["signals"] = new JsonArray(model.Signals.Select(x => (JsonNode)x).ToArray()),
            ["seconds"] = Math.Round(seconds, 3),
        };
    }
}
