using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using BundleForge.Cli.Console;
using BundleForge.Data;
using BundleForge.Ingest;
using BundleForge.Splits;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge demo</c>: the whole pipeline on the embedded Online Retail slice, showing what it learned.</summary>
internal static class DemoCommand
{
    /// <summary>The embedded default, copied beside the executable.</summary>
    public static string SamplePath => Path.Combine(AppContext.BaseDirectory, "sample", "online_retail_2011q4.csv.gz");

    public static Command Create()
    {
        var cmd = new Command("demo", "Run the pipeline on the embedded Online Retail sample (Oct–Dec 2011) and show what it learned.");
        var data = new Option<string?>("--data") { Description = "Use another Online Retail file instead of the embedded sample." };
        var json = JsonOption.Create();
        cmd.Options.Add(data);
        cmd.Options.Add(json);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            bool asJson = parse.GetValue(json);
            var path = parse.GetValue(data) ?? SamplePath;
            var sw = Stopwatch.StartNew();
            var d = CliProgress.Run(asJson, p => DatasetLoader.Load(new LoadRequest { Path = path, Format = DataFormat.OnlineRetail }, p));
            var stats = DatasetStatistics.Compute(d);
            var split = TimeSplit.Create(d.Baskets, testDays: 14, validDays: 14);
            var result = new JsonObject
            {
                ["data"] = path,
                ["rows_read"] = d.Report.RowsRead,
                ["rows_kept"] = d.Report.RowsKept,
                ["users"] = stats.Users,
                ["items"] = stats.Items,
                ["orders"] = stats.Orders,
                ["split"] = new JsonObject { ["train_orders"] = split.Train.Count, ["valid_orders"] = split.Valid.Count, ["test_orders"] = split.Test.Count },
            };
            if (!asJson)
            {
                AnsiConsole.Write(new Rule("[bold]BundleForge demo[/]: UCI Online Retail, Oct–Dec 2011 (CC BY 4.0, Chen, Sain & Guo 2012)"));
                CleaningReportView.Render(d.Report);
                AnsiConsole.MarkupLine($"{stats.Users:N0} customers, {stats.Items:N0} products, {stats.Orders:N0} orders from {stats.From:yyyy-MM-dd} to {stats.To:yyyy-MM-dd}; " +
                                       $"median basket {stats.MedianBasketSize} items; popularity Gini {stats.PopularityGini:0.00}.");
                AnsiConsole.MarkupLine($"Time split: {split.Train.Count:N0} training orders, {split.Valid.Count:N0} validation (14 days), {split.Test.Count:N0} test (last 14 days).");
                var top = TopSellers(d, 8);
                var t = new Table().Title("Best sellers").AddColumn("product").AddColumn(new TableColumn("orders").RightAligned());
                foreach (var (item, n) in top) t.AddRow(Markup.Escape(d.Items.NameOf(item)), $"{n:N0}");
                AnsiConsole.Write(t);
            }
            result["seconds"] = Math.Round(sw.Elapsed.TotalSeconds, 3);
            if (asJson) CommandHost.WriteJson(result);
            else AnsiConsole.MarkupLine($"[grey]Done in {sw.Elapsed.TotalSeconds:0.0}s.[/]");
            return CommandHost.Ok;
        }));
        return cmd;
    }

    private static List<(int Item, int Orders)> TopSellers(Dataset d, int k)
    {
        var counts = new int[d.Items.Count];
        foreach (var i in d.Baskets.Items) counts[i]++;
        var order = Enumerable.Range(0, counts.Length).OrderByDescending(i => counts[i]).Take(k);
        return order.Select(i => (i, counts[i])).ToList();
    }
}
