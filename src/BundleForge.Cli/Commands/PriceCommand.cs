using System.CommandLine;
using System.Globalization;
using BundleForge.Artifacts;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Explanation;
using BundleForge.Bundles.Strategy;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge price</c>: the expected-profit curve of an explicit bundle over the prices the strategy allows
/// (none when it allows one) and the price the engine picks, amounts in the strategy's currency.</summary>
internal static class PriceCommand
{
    public static Command Create()
    {
        var cmd = new Command("price", "Price a bundle: the expected-profit curve over allowed discounts and the chosen price.");
        var model = new Option<string>("--model") { Description = "The model folder (trained with the bundles model).", Required = true };
        var items = new Option<string>("--items") { Description = "The bundle's items, comma-separated shop item ids.", Required = true };
        var user = new Option<string?>("--user") { Description = "Price for this user (their price sensitivity); default: an average visitor." };
        var strategy = new Option<string?>("--strategy") { Description = "Strategy JSON (docs/STRATEGY.md); default: the model's." };
        var json = JsonOption.Create();
        foreach (var o in new Option[] { model, items, user, strategy, json })
            cmd.Options.Add(o);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            var file = parse.GetValue(strategy);
            var s = file is null ? null : MarketStrategy.Load(file);
            var service = BundleService.Open(ModelReader.Open(parse.GetValue(model)!), BundleSignalLoaders.All, s);
            var offer = service.Price(BundleOfferJson.SplitIds(parse.GetValue(items)), parse.GetValue(user), s);
            string currency = service.CurrencyFor(s);
            string Money(double v) => Markup.Escape(MoneyFormat.Of(v, currency));
            if (parse.GetValue(json))
            {
                var o = BundleOfferJson.Of(offer, service.Catalog, curve: true);
                o["currency"] = currency;
                o["known_user"] = service.ContextOf(parse.GetValue(user)).IsKnown;
                CommandHost.WriteJson(o);
                return CommandHost.Ok;
            }
            var inv = CultureInfo.InvariantCulture;
            var q = offer.Quote;
            // The curve is the prices the strategy allows, the points the price sentence compares with; one allowed
            // price makes no curve (the sentence says it is the only one).
            if (AllowedPrices.HasCurve(q))
            {
                var t = new Table().Title("Expected-profit curve over the allowed prices").AddColumn(new TableColumn(Markup.Escape(MoneyFormat.Titled("price", currency))).RightAligned())
                    .AddColumn(new TableColumn("discount").RightAligned()).AddColumn(new TableColumn("P(accept)").RightAligned())
                    .AddColumn(new TableColumn(Markup.Escape(MoneyFormat.Titled("expected profit", currency))).RightAligned()).AddColumn(new TableColumn("margin").RightAligned()).AddColumn("");
                var chart = new BarChart().Label(Markup.Escape(MoneyFormat.Titled("Expected incremental profit by price", currency))).Width(70);
                foreach (int k in AllowedPrices.Of(q))
                {
                    var c = q.Curve[k];
                    t.AddRow(c.Price.ToString("0.00", inv), c.Discount.ToString("P1", inv), c.Acceptance.ToString("0.000", inv), c.ExpectedProfit.ToString("0.000", inv), c.Margin.ToString("P1", inv),
                        k == q.Chosen ? "[green]chosen[/]" : "");
                    chart.AddItem(c.Price.ToString("0.00", inv), Math.Round(Math.Max(0, c.ExpectedProfit), 3), k == q.Chosen ? Color.Green : Color.Blue);
                }
                AnsiConsole.Write(t);
                AnsiConsole.Write(chart);
            }
            AnsiConsole.MarkupLine(q.Offered
                ? $"List {Money(q.ListPrice)}, bundle price [bold]{Money(q.Point.Price)}[/] ({q.Point.Discount.ToString("P1", inv)} off), expected profit {Money(q.Point.ExpectedProfit)}."
                : $"[yellow]Not offered[/]: {Markup.Escape(q.Reason ?? "")}");
            AnsiConsole.MarkupLine(Markup.Escape(offer.Explanation.ToString()));
            return CommandHost.Ok;
        }));
        return cmd;
    }
}
