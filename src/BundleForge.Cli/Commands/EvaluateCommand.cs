using System.CommandLine;
using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Cli.Console;
using BundleForge.Cli.Evaluation;
using BundleForge.Evaluation;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge evaluate</c>: offline evaluation of a model folder against baselines computed by the same
/// code. Parses the chosen task's options, runs the library's task and renders its result.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var cmd = new Command("evaluate", "Evaluate a model folder on held-out data, beside simple baselines.");
        var model = new Option<string>("--model") { Description = "The model folder.", Required = true };
        var data = new DataOptions(cmd);
        var task = new Option<string>("--task") { Description = $"One of: {EvaluationTasks.Names}.", Required = true };
        var json = JsonOption.Create();
        foreach (var o in new Option[] { model, task, json })
            cmd.Options.Add(o);
        var taskOptions = new EvaluateTaskOptions(cmd);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            bool asJson = parse.GetValue(json);
            var name = parse.GetValue(task)!;
            var chosen = EvaluationTasks.Find(name)
                         ?? throw new DataException($"Unknown task '{name}'. Known: {EvaluationTasks.Names}.", field: "--task");
            var options = taskOptions.Read(chosen, parse);
            // Evaluation writes nothing: a signal ends it at once, with the same line and exit code as a stopped train.
            using var stop = new StopSignals { Message = "evaluate stopped before it finished", StopAtOnce = true };
            var result = CliProgress.Run(asJson, progress =>
            {
                var reader = ModelReader.Open(parse.GetValue(model)!);
                var d = data.Load(parse, progress);
                return chosen.Evaluate(new EvaluationContext(reader, d) { Progress = progress, NextItemModels = NextItemModelLoaders.All }, options);
            });
            var report = EvaluationJson.Of(result);
            if (asJson)
            { CommandHost.WriteJson(report); return CommandHost.Ok; }
            Render(report);
            return CommandHost.Ok;
        }));
        return cmd;
    }

    /// <summary>Metrics of the model and of each baseline side by side.</summary>
    private static void Render(JsonObject result)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(result["task"]?.ToString() ?? "")}[/]: {Markup.Escape(result["protocol"]?.ToString() ?? "")}");
        var rows = new List<(string Name, JsonObject Metrics)>();
        if (result["metrics"] is JsonObject m)
            rows.Add(("model", m));
        if (result["baselines"] is JsonObject b)
            foreach (var (n, v) in b)
                if (v is JsonObject bm)
                    rows.Add((n, bm));
        // Next-basket results carry the same metrics over the explore and repeat targets: one more row each.
        foreach (var part in new[] { "explore", "repeat" })
        {
            if (result[part] is JsonObject mp)
                rows.Add(("model " + part, mp));
            if (result["baselines"] is JsonObject bp)
                foreach (var (n, v) in bp)
                    if (v?[part] is JsonObject p)
                        rows.Add((n + " " + part, p));
        }
        if (rows.Count == 0)
            return;
        var keys = rows[0].Metrics.Select(kv => kv.Key).Where(k => rows[0].Metrics[k] is JsonValue).ToList();
        var table = new Table().AddColumn("");
        foreach (var k in keys)
            table.AddColumn(new TableColumn(k).RightAligned());
        foreach (var (n, metrics) in rows)
            table.AddRow(new[] { n }.Concat(keys.Select(k => metrics[k] is JsonValue v && v.TryGetValue<double>(out var x) ? x.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "")).ToArray());
        AnsiConsole.Write(table);
        if (result["served_policy"] is JsonValue served)
            AnsiConsole.MarkupLine($"nextbasket serves: [bold]{Markup.Escape(served.ToString())}[/] (its ranker, or the baseline that beat it on the fitting period before the test; manifest: served_policy).");
    }
}
