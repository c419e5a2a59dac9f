using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Cli.Console;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge train</c>: trains the chosen models on a dataset into one model folder.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var cmd = new Command("train", "Train models on a dataset into a model folder (manifest with parameters, fingerprint, checksums).");
        var data = new DataOptions(cmd);
        var output = new Option<string>("--out") { Description = "Model folder to write (replaced atomically).", Required = true };
        var models = new Option<string>("--models") { Description = "Comma-separated models to train: item2vec.", DefaultValueFactory = _ => "item2vec" };
        var threads = new Option<int>("--threads") { Description = "Worker threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var json = JsonOption.Create();
        foreach (var o in new Option[] { output, models, threads, seed, json }) cmd.Options.Add(o);
        var item2vec = new Item2VecTrainOptions(cmd);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            bool asJson = parse.GetValue(json);
            var names = parse.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length == 0) throw new DataException("--models names no model.", field: "--models");
            foreach (var n in names)
                if (n != "item2vec") throw new DataException($"Unknown model '{n}' (known: item2vec).", field: "--models");
            var clock = Stopwatch.StartNew();
            var report = CliProgress.Run(asJson, progress =>
            {
                var d = data.Load(parse, progress);
                using var writer = new ModelWriter(parse.GetValue(output)!, d.Fingerprint, d.Format);
                var result = new JsonObject();
                foreach (var name in names)
                {
                    // one branch per model; each writes its own component
                    if (name == "item2vec") result["item2vec"] = item2vec.Train(parse, d, writer, parse.GetValue(threads), parse.GetValue(seed), progress);
                }
                var manifest = writer.Commit();
                result["model_version"] = manifest.ModelVersion;
                return result;
            });
            report["out"] = Path.GetFullPath(parse.GetValue(output)!);
            report["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3);
            if (asJson) { CommandHost.WriteJson(report); return CommandHost.Ok; }
            var t = new Table().Title("Trained").AddColumn("model").AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
            foreach (var (model, node) in report)
                if (node is JsonObject o) foreach (var (k, v) in o) t.AddRow(model, k, v?.ToJsonString() ?? "");
            AnsiConsole.Write(t);
            AnsiConsole.MarkupLine($"model folder: [bold]{Markup.Escape(report["out"]!.ToString())}[/] in {report["seconds"]} s");
            return CommandHost.Ok;
        }));
        return cmd;
    }
}
