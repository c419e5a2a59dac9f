using System.CommandLine;
using BundleForge.Cli.Console;
using BundleForge.Data;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge stats</c>: sizes, time range, basket sizes, popularity concentration and the cleaning report.</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var cmd = new Command("stats", "Describe a dataset: users, items, orders, basket sizes, popularity concentration, cleaning.");
        var data = new DataOptions(cmd);
        var json = JsonOption.Create();
        cmd.Options.Add(json);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            bool asJson = parse.GetValue(json);
            var d = CliProgress.Run(asJson, p => data.Load(parse, p));
            var s = DatasetStatistics.Compute(d);
            if (asJson)
            {
                CommandHost.WriteJson(new
                {
                    format = d.Format,
                    users = s.Users,
                    items = s.Items,
                    orders = s.Orders,
                    interactions = s.Interactions,
                    anonymous_orders = s.AnonymousOrders,
                    from = s.From,
                    to = s.To,
                    basket_size = new { mean = Math.Round(s.MeanBasketSize, 3), median = s.MedianBasketSize, p90 = s.P90BasketSize, max = s.MaxBasketSize, histogram = s.BasketSizeHistogram },
                    popularity = new { gini = s.PopularityGini, top_1_percent_share = s.Top1PercentShare },
                    cleaning = CleaningReportView.Json(d.Report),
                    fingerprint = d.Fingerprint,
                });
                return CommandHost.Ok;
            }
            var t = new Table().Title($"Dataset ({d.Format})").AddColumn("").AddColumn(new TableColumn("value").RightAligned());
            t.AddRow("users", $"{s.Users:N0}");
            t.AddRow("items", $"{s.Items:N0}");
            t.AddRow("orders (baskets)", $"{s.Orders:N0}");
            t.AddRow("anonymous orders", $"{s.AnonymousOrders:N0}");
            t.AddRow("interactions", $"{s.Interactions:N0}");
            if (s.From is { } f && s.To is { } to)
                t.AddRow("date range", $"{f:yyyy-MM-dd} → {to:yyyy-MM-dd}");
            t.AddRow("basket size mean / median / p90 / max", $"{s.MeanBasketSize:0.00} / {s.MedianBasketSize} / {s.P90BasketSize} / {s.MaxBasketSize}");
            t.AddRow("popularity Gini", $"{s.PopularityGini:0.000}");
            t.AddRow("share of purchases of the top 1% items", $"{s.Top1PercentShare:P1}");
            AnsiConsole.Write(t);
            var chart = new BarChart().Label("Basket sizes").Width(60);
            foreach (var (bucket, n) in s.BasketSizeHistogram)
                chart.AddItem(bucket[4..], n, Color.SteelBlue);
            AnsiConsole.Write(chart);
            CleaningReportView.Render(d.Report);
            return CommandHost.Ok;
        }));
        return cmd;
    }
}
