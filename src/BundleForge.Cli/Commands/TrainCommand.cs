using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Cli.Console;
using BundleForge.Cli.Training;
using BundleForge.Data;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge train</c>: builds the requested models into one model folder, written atomically.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var cmd = new Command("train", "Train models (association rules, item2vec, sequence model, ...) into one model folder.");
        var data = new DataOptions(cmd);
        var output = new Option<string>("--out") { Description = "The model folder to write (replaced atomically).", Required = true };
        var models = new Option<string>("--models") { Description = $"Comma list of: {string.Join(", ", ModelTrainers.All.Select(t => t.Name))}. Default: all but bert4rec." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var json = JsonOption.Create();
        foreach (var o in new Option[] { output, models, threads, seed, json }) cmd.Options.Add(o);
        foreach (var t in ModelTrainers.All) t.AddOptions(cmd);
        var erasures = new ErasureOptions();
        erasures.AddTo(cmd);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            bool asJson = parse.GetValue(json);
            var chosen = Choose(parse.GetValue(models));
            if (parse.GetValue(threads) < 1) throw new DataException("--threads must be at least 1.", field: "--threads");
            var sw = Stopwatch.StartNew();
            var results = new JsonObject();
            int excluded = 0;
            ModelManifest manifest = CliProgress.Run(asJson, progress =>
                Train(erasures.Apply(parse, data.Load(parse, progress), out excluded), parse.GetValue(output)!, chosen, parse, parse.GetValue(threads), parse.GetValue(seed), results, progress));
            var report = new JsonObject
            {
                ["out"] = Path.GetFullPath(parse.GetValue(output)!),
                ["model_version"] = manifest.ModelVersion,
                ["models"] = results,
                ["seconds"] = Math.Round(sw.Elapsed.TotalSeconds, 3),
            };
            if (erasures.Requested(parse)) report["excluded_users"] = excluded;
            // With one model its figures also stand at the top level, as each model's documentation shows them.
            if (chosen.Count == 1)
                foreach (var (k, v) in results[chosen[0].Name]!.AsObject())
                    if (!report.ContainsKey(k)) report[k] = v?.DeepClone();
            if (asJson) { CommandHost.WriteJson(report); return CommandHost.Ok; }
            var table = new Table().Title("Trained").AddColumn("model").AddColumn("figures");
            foreach (var (name, figures) in results) table.AddRow(name, Markup.Escape(figures?.ToJsonString() ?? ""));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"Model folder [bold]{Markup.Escape(Path.GetFullPath(parse.GetValue(output)!))}[/] (version {manifest.ModelVersion}) in {sw.Elapsed.TotalSeconds:0.0}s.");
            return CommandHost.Ok;
        }));
        return cmd;
    }

    /// <summary>Trains <paramref name="chosen"/> on <paramref name="d"/> into one model folder, written atomically; every
    /// folder also carries the catalog and a data summary (serving, pricing and reports need them).</summary>
    internal static ModelManifest Train(Dataset d, string outDir, IReadOnlyList<IModelTrainer> chosen, ParseResult parse, int threads, int seed,
        JsonObject results, IProgress<ProgressUpdate> progress)
    {
        using var writer = new ModelWriter(outDir, d.Fingerprint, d.Format);
        CatalogComponent.Save(writer, d.Items);
        DataSummary.Compute(d).Save(writer);
        var context = new TrainContext(d, writer, parse, threads, seed, progress);
        foreach (var t in chosen) results[t.Name] = t.Train(context);
        return writer.Commit();
    }

    internal static List<IModelTrainer> Choose(string? list)
    {
        if (ModelTrainers.All.Count == 0) throw new DataException("No trainers are available in this build.");
        // BERT4Rec is the alternative to SASRec, not a companion: by default only SASRec trains.
        if (string.IsNullOrWhiteSpace(list)) return ModelTrainers.All.Where(t => t.Name != "bert4rec").ToList();
        var chosen = new List<IModelTrainer>();
        foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var t = ModelTrainers.All.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase))
                    ?? throw new DataException($"Unknown model '{name}'. Known: {string.Join(", ", ModelTrainers.All.Select(x => x.Name))}.", field: "--models");
            if (!chosen.Contains(t)) chosen.Add(t);
        }
        // Keep the canonical order so later models can use earlier components.
        return ModelTrainers.All.Where(chosen.Contains).ToList();
    }
}
