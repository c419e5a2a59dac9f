using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Baseline;
using BundleForge.Bundles.Engine;
using BundleForge.Cli.Console;
using BundleForge.Cli.Evaluation;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;
using BundleForge.Mining;
using BundleForge.Neural;
using BundleForge.Recommendation;
using BundleForge.Reports;
using BundleForge.Splits;
using BundleForge.Training;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge demo</c>: the whole pipeline on the embedded Online Retail slice — clean, train every model
/// into one folder, and show what it learned for real products and customers.</summary>
internal static class DemoCommand
{
    /// <summary>Epochs of the demo's SASRec: about a minute of training on a 2-core machine, so the whole demo stays near
    /// 100 seconds and two runs print the same figures.</summary>
    public const int SasRecEpochs = 30;

    /// <summary>The embedded default, copied beside the executable.</summary>
    public static string SamplePath => Path.Combine(AppContext.BaseDirectory, "sample", "online_retail_2011q4.csv.gz");

    public static Command Create()
    {
        var cmd = new Command("demo", "Run the whole pipeline on the embedded Online Retail sample (Oct–Dec 2011) and show what it learned.");
        var data = new Option<string?>("--data") { Description = "Use another Online Retail file instead of the embedded sample." };
        var output = new Option<string>("--out") { Description = "Where to write the model folder (a report goes beside it).", DefaultValueFactory = _ => "demo-model" };
        var epochs = new Option<int>("--sasrec-epochs") { Description = "Epochs the sequence model trains at most (early stopping may end it sooner).", DefaultValueFactory = _ => SasRecEpochs };
        var json = JsonOption.Create();
        foreach (var o in new Option[] { data, output, epochs, json })
            cmd.Options.Add(o);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            bool asJson = parse.GetValue(json);
            var path = parse.GetValue(data) ?? SamplePath;
            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            var sw = Stopwatch.StartNew();
            var result = new JsonObject { ["data"] = path };
            // SIGTERM or Ctrl-C: nothing is on disk while the data is read, so the process ends at once then; later the
            // work stops at its next check, the folder's staging (or the next-basket comparison's temporary folder) is
            // removed, and the line says what the model folder holds.
            using var stop = new StopSignals { Message = $"demo stopped before it finished: {outDir} was left as it was", StopAtOnce = true };
            bool trained = false;
            try
            {
                return Steps(asJson, path, outDir, parse.GetValue(epochs), sw, result, stop, () => trained = true);
            }
            catch (Exception e) when (stop.Signal is not null && e is not CommandStoppedException)
            {
                if (trained)
                    stop.Message = $"demo stopped before it finished: {outDir} holds the newly trained model; the demo's report was not written";
                throw stop.Stopped();
            }
        }));
        return cmd;
    }

    /// <summary>The demo's steps; <paramref name="trained"/> is called once the model folder has been replaced.</summary>
    private static int Steps(bool asJson, string path, string outDir, int epochs, Stopwatch sw, JsonObject result, StopSignals stop, Action trained)
    {
        var cancel = stop.Token;
        if (!asJson)
            CliConsole.Heading("[bold]BundleForge demo[/]: UCI Online Retail, Oct–Dec 2011 (CC BY 4.0, Chen, Sain & Guo 2012)");

        // 1. Ingest and clean.
        var d = CliProgress.Run(asJson, p => DatasetLoader.Load(new LoadRequest { Path = path, Format = DataFormat.OnlineRetail }, p));
        stop.StopAtOnce = false;
        cancel.ThrowIfCancellationRequested();
        var stats = DatasetStatistics.Compute(d);
        var split = TimeSplit.Create(d.Baskets, testDays: 14, validDays: 14);
        result["rows_read"] = d.Report.RowsRead;
        result["rows_kept"] = d.Report.RowsKept;
        result["users"] = stats.Users;
        result["items"] = stats.Items;
        result["orders"] = stats.Orders;
        result["split"] = new JsonObject { ["train_orders"] = split.Train.Count, ["valid_orders"] = split.Valid.Count, ["test_orders"] = split.Test.Count };
        if (!asJson)
        {
            CleaningReportView.Render(d.Report);
            AnsiConsole.MarkupLine($"{stats.Users:N0} customers, {stats.Items:N0} products, {stats.Orders:N0} orders from {stats.From:yyyy-MM-dd} to {stats.To:yyyy-MM-dd}; " +
                                   $"median basket {stats.MedianBasketSize} items; popularity Gini {stats.PopularityGini:0.00}.");
            AnsiConsole.MarkupLine($"Time split: {split.Train.Count:N0} training orders, {split.Valid.Count:N0} validation (14 days), {split.Test.Count:N0} test (last 14 days).");
        }

        // 2. Train every model into one folder, through the same library call as `bundleforge train`, with the
        // default settings of every model and of the plan (all cores, seed 42), the sequence model for a fixed number
        // of epochs (a time budget would make its figures depend on the machine's load).
        var plan = new TrainingPlan
        {
            OutputFolder = outDir,
            Models =
            [
                new BaselineOptions(), new RulesOptions(), Item2Vec,
                new SequenceModelOptions { Kind = SequenceModelKind.SasRec, Epochs = epochs },
                new BundleModelOptions(), NextBasket,
            ],
        };
        var training = CliProgress.Run(asJson, p => TrainingPipeline.Run(d, plan, p, cancel));
        trained();
        var manifest = training.Manifest;
        result["model"] = outDir;
        result["model_version"] = manifest.ModelVersion;
        result["trained"] = TrainingResultJson.Models(training);
        var reader = ModelReader.Open(outDir);
        if (!asJson)
        {
            AnsiConsole.MarkupLine($"Trained [bold]{Markup.Escape(string.Join(", ", manifest.Components.Keys))}[/] into [bold]{Markup.Escape(outDir)}[/].");
            var sasrec = training.Report<SequenceModelReport>();
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"SASRec, {sasrec.EpochsRun} epochs (best {sasrec.BestEpoch}): next-item HR@10 {sasrec.Metrics.HitRateAt(10):0.0000}, NDCG@10 {sasrec.Metrics.NdcgAt(10):0.0000} " +
                $"on {sasrec.Metrics.Queries:N0} held-out last purchases (popularity: HR@10 {sasrec.Popularity.HitRateAt(10):0.0000}, NDCG@10 {sasrec.Popularity.NdcgAt(10):0.0000}); " +
                $"customers' past items {sasrec.History.Name} (validation NDCG@10 kept {sasrec.History.ValidNdcg10Kept:0.0000}, masked {sasrec.History.ValidNdcg10Masked:0.0000}; " +
                $"{sasrec.History.TrainRepeatShare:P0} of the training next items were re-buys)."));
        }

        // 3. What it learned.
        cancel.ThrowIfCancellationRequested();
        var rules = RulesModel.Load(reader);
        var best = TopSellers(d, 1)[0].Item;
        result["top_rules"] = TopRules(d, rules, 5, asJson);
        result["frequently_bought_together"] = Fbt(d, rules, best, asJson);
        result["similar_and_complements"] = Embedding(d, Item2VecModel.Load(reader), best, asJson);
        // The customers with the longest histories show the personal models best.
        var showcase = Enumerable.Range(0, d.Users.Count).OrderByDescending(u => d.Sequences.LengthOf(u)).Take(3).ToArray();
        result["next_items"] = NextItems(d, outDir, showcase, asJson);
        cancel.ThrowIfCancellationRequested();
        result["next_basket"] = NextBasketComparison(d, outDir, asJson, cancel);
        cancel.ThrowIfCancellationRequested();
        result["bundles"] = Bundles(d, reader, showcase, asJson);
        cancel.ThrowIfCancellationRequested();

        var reportPath = Path.Combine(Path.GetDirectoryName(outDir)!, Path.GetFileName(outDir) + "-report.html");
        HtmlReport.Write(reader, reportPath, cancellation: cancel);
        result["report"] = reportPath;
        result["seconds"] = Math.Round(sw.Elapsed.TotalSeconds, 3);
        if (asJson)
            CommandHost.WriteJson(result);
        else
        {
            AnsiConsole.MarkupLine($"Report: [bold]{Markup.Escape(reportPath)}[/]. Serve the model: [bold]{Markup.Escape(CliConsole.CommandName)} serve --model {Markup.Escape(Quoted(outDir))}[/] (to open its dashboard, set BUNDLEFORGE_Dashboard__ApiKey to a key of 16+ characters and sign in with it).");
            AnsiConsole.MarkupLine($"[grey]Done in {sw.Elapsed.TotalSeconds:0.0}s.[/]");
        }
        return CommandHost.Ok;
    }

    private static JsonArray TopRules(Dataset d, RulesModel rules, int k, bool asJson)
    {
        var top = rules.Rules.Where(r => r.Antecedent.Length == 1 && r.Consequent.Length == 1)
            .OrderByDescending(r => r.Lift * Math.Log(1 + r.Count)).Take(k).ToList();
        var arr = new JsonArray();
        var t = new Table().Title("Strongest product links (association rules)").AddColumn("customers who buy").AddColumn("also buy")
            .AddColumn(new TableColumn("orders").RightAligned()).AddColumn(new TableColumn("confidence").RightAligned()).AddColumn(new TableColumn("lift").RightAligned());
        foreach (var r in top)
        {
            string a = Name(d, rules.ItemIds[r.Antecedent[0]]), c = Name(d, rules.ItemIds[r.Consequent[0]]);
            arr.Add(new JsonObject { ["if"] = a, ["then"] = c, ["orders"] = r.Count, ["confidence"] = Math.Round(r.Confidence, 3), ["lift"] = Math.Round(r.Lift, 2) });
            t.AddRow(Markup.Escape(a), Markup.Escape(c), $"{r.Count}", $"{r.Confidence:P0}", $"{r.Lift:0.0}×");
        }
        if (!asJson)
            AnsiConsole.Write(t);
        return arr;
    }

    private static JsonObject Fbt(Dataset d, RulesModel rules, int item, bool asJson)
    {
        int model = Array.IndexOf(rules.ItemIds, d.Items.Ids[item]);
        var recs = rules.CreateFbt().Recommend([model], 5, FbtMode.Strict);
        var arr = new JsonArray();
        var t = new Table().Title($"Frequently bought together with {Markup.Escape(d.Items.NameOf(item))}").AddColumn("product")
            .AddColumn(new TableColumn("together in").RightAligned()).AddColumn(new TableColumn("confidence").RightAligned()).AddColumn(new TableColumn("lift").RightAligned());
        foreach (var r in recs)
        {
            var name = Name(d, rules.ItemIds[r.Item]);
            arr.Add(new JsonObject { ["item"] = name, ["orders"] = r.CoPurchases, ["confidence"] = Math.Round(r.Confidence, 3), ["lift"] = Math.Round(r.Lift, 2) });
            t.AddRow(Markup.Escape(name), $"{r.CoPurchases} orders", $"{r.Confidence:P0}", $"{r.Lift:0.0}×");
        }
        if (!asJson)
            AnsiConsole.Write(t);
        return new JsonObject { ["anchor"] = d.Items.NameOf(item), ["items"] = arr };
    }

    private static JsonObject Embedding(Dataset d, Item2VecModel model, int item, bool asJson)
    {
        int i = model.IndexOf(d.Items.Ids[item]);
        var similar = model.Similar(i, 5);
        var complements = model.Complements(i, 5);
        var t = new Table().Title($"item2vec around {Markup.Escape(d.Items.NameOf(item))}").AddColumn("similar (substitutes)").AddColumn("complements");
        for (int r = 0; r < Math.Max(similar.Length, complements.Length); r++)
            t.AddRow(r < similar.Length ? Markup.Escape(Name(d, model.ItemIds[similar[r].Id])) : "", r < complements.Length ? Markup.Escape(Name(d, model.ItemIds[complements[r].Id])) : "");
        if (!asJson)
            AnsiConsole.Write(t);
        var s = new JsonArray();
        foreach (var n in similar)
            s.Add(Name(d, model.ItemIds[n.Id]));
        var c = new JsonArray();
        foreach (var n in complements)
            c.Add(Name(d, model.ItemIds[n.Id]));
        return new JsonObject { ["anchor"] = d.Items.NameOf(item), ["similar"] = s, ["complements"] = c };
    }

    /// <summary>The sequence model's next items for the showcase customers.</summary>
    private static JsonArray NextItems(Dataset d, string modelDir, int[] users, bool asJson)
    {
        using var scorer = SequenceScorer.Load(modelDir);
        var arr = new JsonArray();
        var t = new Table().Title("Next items the Transformer (SASRec) expects").AddColumn("customer").AddColumn("recently bought").AddColumn("recommended next");
        foreach (var u in users)
        {
            var history = d.Sequences[u].ToArray().Select(i => scorer.IndexOf(d.Items.Ids[i])).Where(i => i >= 0).ToArray();
            var top = scorer.TopK(history, 4, excludeHistory: true);
            var recent = d.Sequences[u][^3..].ToArray().Select(i => d.Items.NameOf(i)).ToArray();
            var next = top.Select(x => Name(d, scorer.ItemIds[x.Item])).ToArray();
            arr.Add(new JsonObject { ["customer"] = d.Users.Ids[u], ["recent"] = new JsonArray(recent.Select(x => (JsonNode)x).ToArray()), ["next"] = new JsonArray(next.Select(x => (JsonNode)x).ToArray()) });
            t.AddRow(Markup.Escape(d.Users.Ids[u]), Markup.Escape(CliConsole.CellLines(recent)), Markup.Escape(CliConsole.CellLines(next)));
        }
        if (!asJson)
            AnsiConsole.Write(t);
        return arr;
    }

    /// <summary>item2vec trained on one thread, reproducibly: the next-basket ranker reads its vectors, so two demo runs
    /// print the same figures.</summary>
    private static Item2VecOptions Item2Vec => new() { Deterministic = true };

    /// <summary>The next-basket ranker as <c>train</c>'s default list sets it up: reading the item2vec vectors the same run
    /// trains (with the same settings), which the bare options leave out, and left out of data without order times
    /// (<c>demo --data</c> with another file).</summary>
    private static NextBasketOptions NextBasket => new() { Item2Vec = Item2Vec, OnlyWithOrderTimes = true };

    /// <summary>Days at the end of the slice the next-basket comparison tests on (the slice covers about ten weeks).</summary>
    private const int NextBasketTestDays = 14;

    /// <summary>The served next-basket ranker against the simple baselines a shop could use instead (best sellers, the
    /// customer's own past purchases, TIFU-KNN) on the slice's last two weeks: a second, smaller folder is trained on the
    /// days before them (the task refuses a folder that saw the test period) and discarded; the result is saved in
    /// the model's <c>results</c> so the dashboard's evaluation page and the report show it.</summary>
    private static JsonObject NextBasketComparison(Dataset d, string outDir, bool asJson, CancellationToken cancel)
    {
        var holdout = Path.Combine(Path.GetTempPath(), $"bundleforge-demo-holdout-{Guid.NewGuid():N}");
        try
        {
            var plan = new TrainingPlan
            {
                OutputFolder = holdout,
                HoldOutDays = NextBasketTestDays,
                Models = [new BaselineOptions(), Item2Vec, NextBasket],
            };
            CliProgress.Run(asJson, p => TrainingPipeline.Run(d, plan, p, cancel));
            cancel.ThrowIfCancellationRequested();
            var task = new NextBasketTask();
            var evaluated = CliProgress.Run(asJson, p => task.Evaluate(new EvaluationContext(ModelReader.Open(holdout), d) { Progress = p },
                new NextBasketTaskOptions { TestDays = NextBasketTestDays }));
            var json = EvaluationJson.Of(evaluated);
            cancel.ThrowIfCancellationRequested();
            EvaluationResults.Save(outDir, "next-basket", json);
            if (!asJson)
                RenderNextBasket(json);
            return json;
        }
        finally
        {
            if (Directory.Exists(holdout))
                Directory.Delete(holdout, recursive: true);
        }
    }

    private static void RenderNextBasket(JsonObject json)
    {
        var split = json["split"]!;
        var t = new Table().Title($"Next basket: each customer's first order in the last {NextBasketTestDays} days ({split["customers"]} customers), " +
                                  "ranked from what they bought before").AddColumn("recommender");
        string[] columns = ["hr@10", "ndcg@10", "recall@20"];
        foreach (var c in columns)
            t.AddColumn(new TableColumn(c).RightAligned());
        t.AddColumn(new TableColumn("new items hr@10").RightAligned()).AddColumn(new TableColumn("coverage@10").RightAligned());
        void Row(string name, JsonNode? whole, JsonNode? explore)
        {
            if (whole is not JsonObject w)
                return;
            static string F(JsonNode? n) => n is JsonValue v && v.TryGetValue<double>(out var x) ? x.ToString("0.000", CultureInfo.InvariantCulture) : "";
            t.AddRow([Markup.Escape(name), .. columns.Select(c => F(w[c])), F(explore?["hr@10"]), F(w["coverage@10"])]);
        }
        Row("nextbasket (served)", json["metrics"], json["explore"]);
        if (json["baselines"] is JsonObject baselines)
            foreach (var (name, b) in baselines)
                Row(name.Replace('_', ' '), b, b?["explore"]);
        AnsiConsole.Write(t);
    }

    /// <summary>Priced, explained bundles for the showcase customers.</summary>
    private static JsonArray Bundles(Dataset d, ModelReader reader, int[] users, bool asJson)
    {
        var service = BundleForge.Bundles.Engine.BundleService.Open(reader, BundleSignalLoaders.All);
        string currency = service.CurrencyFor();
        string Money(double v) => Markup.Escape(BundleForge.Bundles.Explanation.MoneyFormat.Of(v, currency));
        var arr = new JsonArray();
        foreach (var u in users)
        {
            var rec = service.Recommend(d.Users.Ids[u], count: 2);
            foreach (var o in rec.Offers)
            {
                var names = o.Bundle.Items.Select(i => d.Items.NameOf(i)).ToArray();
                var p = o.Quote.Point;
                arr.Add(new JsonObject
                {
                    ["customer"] = d.Users.Ids[u],
                    ["items"] = new JsonArray(names.Select(n => (JsonNode)n).ToArray()),
                    ["list_price"] = Math.Round(o.Quote.ListPrice, 2),
                    ["price"] = Math.Round(p.Price, 2),
                    ["expected_profit"] = Math.Round(p.ExpectedProfit, 2),
                    ["currency"] = currency,
                    ["why"] = o.Explanation.ToString(),
                });
                if (!asJson)
                    AnsiConsole.Write(new Panel(new Markup(
                            $"[bold]{Markup.Escape(string.Join(" + ", names))}[/]\n" +
                            $"list {Money(o.Quote.ListPrice)} → bundle [green]{Money(p.Price)}[/] ({p.Discount:P0} off), acceptance {p.Acceptance:P0}, expected profit {Money(p.ExpectedProfit)}\n" +
                            $"[grey]{Markup.Escape(o.Explanation.ToString())}[/]"))
                        .Header($"Bundle for customer {Markup.Escape(d.Users.Ids[u])}"));
            }
        }
        return arr;
    }

    /// <summary>A path as a shell argument: quoted when it holds a space.</summary>
    private static string Quoted(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"'{path}'" : path;

    private static string Name(Dataset d, string itemId) => d.Items.IndexOf(itemId) is var i and >= 0 ? d.Items.NameOf(i) : itemId;

    private static List<(int Item, int Orders)> TopSellers(Dataset d, int k)
    {
        var counts = new int[d.Items.Count];
        foreach (var i in d.Baskets.Items)
            counts[i]++;
        return Enumerable.Range(0, counts.Length).OrderByDescending(i => counts[i]).Take(k).Select(i => (i, counts[i])).ToList();
    }
}
