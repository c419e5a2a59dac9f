using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using BundleForge.Cli.Console;
using BundleForge.Recommendation;
using BundleForge.Training;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge train</c>: parses the flags into a training plan, runs the library's pipeline, which writes
/// the model folder atomically, and renders its result.</summary>
internal static class TrainCommand
{
    private static readonly TrainingPlan PlanDefaults = new();

    public static Command Create()
    {
        var cmd = new Command("train", "Train models (association rules, item2vec, sequence model, ...) into one model folder.");
        var data = new DataOptions(cmd);
        var output = new Option<string>("--out") { Description = "The model folder to write (replaced atomically).", Required = true };
        var models = new Option<string>("--models") { Description = $"Comma list of: {string.Join(", ", ModelFlags.Models)}. Default: all but {string.Join(" and ", ModelFlags.OptIn)}." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores).", DefaultValueFactory = _ => PlanDefaults.Threads };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => PlanDefaults.Seed };
        var holdOut = new Option<int>("--holdout-days") { Description = "Train every model on the events before the last N days only (0 = all), for evaluate --task next-basket --test-days N.", DefaultValueFactory = _ => PlanDefaults.HoldOutDays };
        var json = JsonOption.Create();
        foreach (var o in new Option[] { output, models, threads, seed, holdOut, json })
            cmd.Options.Add(o);
        var flags = new ModelFlags(cmd);
        flags.Maps(output, "TrainingPlan." + nameof(TrainingPlan.OutputFolder));
        flags.Maps(threads, "TrainingPlan." + nameof(TrainingPlan.Threads));
        flags.Maps(holdOut, "TrainingPlan." + nameof(TrainingPlan.HoldOutDays));
        var erasures = new ErasureFlags(cmd, flags);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            bool asJson = parse.GetValue(json);
            var sw = Stopwatch.StartNew();
            var chosen = Choose(parse.GetValue(models));
            TrainingResult result;
            try
            {
                var plan = erasures.Apply(parse, new TrainingPlan
                {
                    OutputFolder = parse.GetValue(output)!,
                    Models = DefaultListOnly(flags.Read(parse, chosen), parse.GetValue(models)),
                    Threads = parse.GetValue(threads),
                    Seed = parse.GetValue(seed),
                    HoldOutDays = parse.GetValue(holdOut),
                });
                // Checked before the data is read, so a typo fails at once.
                plan.Validate();
                using var stop = new StopSignals
                {
                    Message = $"train stopped before it finished: {plan.OutputFolder} was left as it was",
                    // Nothing is on disk while the data is read (DuckDB works in memory): a signal then ends the process at once.
                    StopAtOnce = true,
                };
                try
                {
                    result = CliProgress.Run(asJson, progress =>
                    {
                        var dataset = data.Load(parse, progress);
                        stop.StopAtOnce = false;
                        return TrainingPipeline.Run(dataset, plan, progress, stop.Token);
                    });
                }
                catch (OperationCanceledException) when (stop.Signal is not null) { throw stop.Stopped(); }
            }
            catch (DataException e) { throw flags.WithFlag(e); }

            var figures = TrainingResultJson.Models(result);
            var report = new JsonObject
            {
                ["out"] = result.ModelFolder,
                ["model_version"] = result.ModelVersion,
                ["models"] = figures,
                ["seconds"] = Math.Round(sw.Elapsed.TotalSeconds, 3),
            };
            if (result.ExcludedUsers is { } excluded)
                report["excluded_users"] = excluded;
            // With one model its figures also stand at the top level, as each model's documentation shows them.
            if (result.Models.Count == 1)
                foreach (var (k, v) in figures[result.Models[0].Component]!.AsObject())
                    if (!report.ContainsKey(k))
                        report[k] = v?.DeepClone();
            if (asJson)
            { CommandHost.WriteJson(report); return CommandHost.Ok; }
            var table = new Table().Title("Trained").AddColumn("model").AddColumn("figures");
            foreach (var (name, model) in figures)
                table.AddRow(name, Markup.Escape(model?.ToJsonString() ?? ""));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"Model folder [bold]{Markup.Escape(result.ModelFolder)}[/] (version {result.ModelVersion}) in {sw.Elapsed.TotalSeconds:0.0}s.");
            return CommandHost.Ok;
        }));
        return cmd;
    }

    /// <summary>The models of a <c>--models</c> list, in the order they train (later models may read earlier ones).</summary>
    /// <summary>In the default list (no <c>--models</c>), the next-basket ranker is left out of data without order
    /// times instead of failing; named, it fails with a clear error there.</summary>
    private static List<IModelOptions> DefaultListOnly(List<IModelOptions> read, string? list) =>
        string.IsNullOrWhiteSpace(list) ? [.. read.Select(o => o is NextBasketOptions nb ? nb with { OnlyWithOrderTimes = true } : o)] : read;

    internal static List<string> Choose(string? list)
    {
        // BERT4Rec is the alternative to SASRec, not a companion; the text encoder is heavy: by default neither trains.
        if (string.IsNullOrWhiteSpace(list))
            return ModelFlags.Models.Where(m => !ModelFlags.OptIn.Contains(m)).ToList();
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var model = ModelFlags.Models.FirstOrDefault(x => string.Equals(x, name, StringComparison.OrdinalIgnoreCase))
                        ?? throw new DataException($"Unknown model '{name}'. Known: {string.Join(", ", ModelFlags.Models)}.", field: "--models");
            chosen.Add(model);
        }
        // Keep the canonical order so later models can use earlier components.
        return ModelFlags.Models.Where(chosen.Contains).ToList();
    }
}
