using System.CommandLine;
using BundleForge.Artifacts;
using BundleForge.Cli.Console;
using BundleForge.Embeddings;
using BundleForge.Evaluation;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge evaluate</c>: offline evaluation of a model folder's models on a task, beside baselines.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var cmd = new Command("evaluate", "Evaluate a model on held-out data beside baselines computed by the same code.");
        var model = new Option<string>("--model") { Description = "Model folder written by 'train'.", Required = true };
        var data = new DataOptions(cmd);
        var task = new Option<string>("--task") { Description = "Task: basket-completion.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the split and of the hidden items.", DefaultValueFactory = _ => 42 };
        var holdout = new Option<double>("--holdout") { Description = "basket-completion without real time: share of baskets held out.", DefaultValueFactory = _ => 0.1 };
        var testDays = new Option<int>("--test-days") { Description = "basket-completion with real time: days held out at the end.", DefaultValueFactory = _ => 30 };
        var weight = new Option<float>("--embedding-weight") { Description = "basket-completion: weight of item2vec in the blend.", DefaultValueFactory = _ => 0.25f };
        var json = JsonOption.Create();
        foreach (var o in new Option[] { model, task, seed, holdout, testDays, weight, json }) cmd.Options.Add(o);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            bool asJson = parse.GetValue(json);
            var name = parse.GetValue(task);
            if (name != "basket-completion") throw new DataException($"Unknown task '{name}' (known: basket-completion).", field: "--task");
            var reader = ModelReader.Open(parse.GetValue(model)!);
            var options = Item2VecModel.OptionsFrom(reader);
            // basket-completion branch (item2vec): retrains on the training split with the model's parameters
            var report = CliProgress.Run(asJson, progress =>
            {
                var d = data.Load(parse, progress);
                var r = BasketCompletionExperiment.Run(d, options, parse.GetValue(seed), parse.GetValue(holdout), parse.GetValue(testDays), parse.GetValue(weight), 10, progress);
                r.Protocol["model_trained_on_same_data"] = reader.Manifest.DataFingerprint == d.Fingerprint;
                return r;
            });
            var output = new Dictionary<string, object>
            {
                ["task"] = name!,
                ["protocol"] = report.Protocol,
                ["metrics"] = WithSplits(report.Blend),
                ["baselines"] = report.Baselines.ToDictionary(b => b.Scorer, b => (object)WithSplits(b)),
            };
            if (asJson) { CommandHost.WriteJson(output); return CommandHost.Ok; }
            var t = new Table().Title($"basket completion ({report.Protocol["queries"]} queries)")
                .AddColumn("scorer").AddColumn("HR@10").AddColumn("NDCG@10").AddColumn("MRR").AddColumn("head HR@10").AddColumn("tail HR@10").AddColumn("coverage@10");
            foreach (var r in report.Baselines.Append(report.Blend))
                t.AddRow(r.Scorer, $"{r.All["hr@10"]:0.0000}", $"{r.All["ndcg@10"]:0.0000}", $"{r.All["mrr"]:0.0000}", $"{r.Head["hr@10"]:0.0000}", $"{r.Tail["hr@10"]:0.0000}", $"{r.All["coverage@10"]:0.0000}");
            AnsiConsole.Write(t);
            AnsiConsole.MarkupLine(Markup.Escape($"{report.Protocol["split"]}; {report.Protocol["scorer"]}"));
            return CommandHost.Ok;
        }));
        return cmd;
    }

    private static Dictionary<string, object> WithSplits(BasketCompletionResult r)
    {
        var d = r.All.ToDictionary(kv => kv.Key, kv => (object)kv.Value);
        d["head"] = r.Head;
        d["tail"] = r.Tail;
        return d;
    }
}
