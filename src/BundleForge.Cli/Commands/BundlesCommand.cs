using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Explanation;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge bundles</c>: priced, explained bundles for a user (optionally a cart and an item being
/// looked at) from a model folder.</summary>
internal static class BundlesCommand
{
    public static Command Create()
    {
        var cmd = new Command("bundles", "Priced, explained bundles for a user from a model folder.");
        var model = new Option<string>("--model") { Description = "The model folder (trained with the bundles model).", Required = true };
        var user = new Option<string?>("--user") { Description = "The shop's user id (looked up by its pseudonymised key; unknown users get non-personalised bundles)." };
        var cart = new Option<string?>("--cart") { Description = "Cart items, comma-separated shop item ids." };
        var item = new Option<string?>("--item") { Description = "The item being looked at: every bundle contains it." };
        var n = new Option<int>("-n") { Description = "Number of bundles.", DefaultValueFactory = _ => 3 };
        var strategy = new Option<string?>("--strategy") { Description = "Strategy JSON (docs/STRATEGY.md); default: the model's." };
        var json = JsonOption.Create();
        foreach (var o in new Option[] { model, user, cart, item, n, strategy, json })
            cmd.Options.Add(o);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            var file = parse.GetValue(strategy);
            var s = file is null ? null : MarketStrategy.Load(file);
            var service = BundleService.Open(ModelReader.Open(parse.GetValue(model)!), BundleSignalLoaders.All, s);
            var result = service.Recommend(parse.GetValue(user), BundleOfferJson.SplitIds(parse.GetValue(cart)), parse.GetValue(item), parse.GetValue(n), s);
            string currency = service.CurrencyFor(s);
            string Money(double v) => Markup.Escape(MoneyFormat.Of(v, currency));
            if (parse.GetValue(json))
            {
                CommandHost.WriteJson(new JsonObject
                {
                    ["currency"] = currency,
                    ["signals"] = new JsonArray(service.Factory.Signals.Select(x => (JsonNode)x).ToArray()),
                    ["known_user"] = result.KnownUser,
                    ["personalised"] = result.Personalised,
                    ["segment"] = result.Segment,
                    ["bundles"] = new JsonArray(result.Offers.Select(o => (JsonNode)BundleOfferJson.Of(o, service.Catalog, curve: false)).ToArray()),
                    ["withheld"] = BundleOfferJson.Withheld(result.Withheld),
                });
                return CommandHost.Ok;
            }
            var inv = CultureInfo.InvariantCulture;
            bool around = parse.GetValue(item) is not null || BundleOfferJson.SplitIds(parse.GetValue(cart)).Count > 0;
            AnsiConsole.MarkupLine(result.Personalised ? $"Personalised bundles (segment [bold]{result.Segment}[/])"
                : result.KnownUser ? "[yellow]Not personalised[/]: nothing this customer bought led to a bundle; showing popular complements."
                : around ? "[yellow]Not personalised[/]: unknown user; bundles around the item and cart given."
                : "[yellow]Not personalised[/]: unknown user, showing popular complements.");
            if (result.Offers.Count == 0)
                AnsiConsole.MarkupLine($"No bundle is worth offering under this strategy: {Markup.Escape(result.Withheld.Summary())}.");
            int k = 0;
            foreach (var o in result.Offers)
            {
                var p = o.Quote.Point;
                var t = new Table().Title($"Bundle {++k}").AddColumn("item").AddColumn("title").AddColumn(new TableColumn("list price").RightAligned());
                for (int x = 0; x < o.Bundle.Items.Length; x++)
                {
                    int i = o.Bundle.Items[x];
                    string title = Markup.Escape(service.Catalog.Titles[i] ?? "") + (o.Bundle.IsNewAt(x) ? " [yellow](new)[/]" : "");
                    t.AddRow(Markup.Escape(service.Catalog.Ids[i]), title, Money(service.Catalog.Price[i]));
                }
                t.AddEmptyRow();
                t.AddRow("", "[bold]bundle price[/]", $"[bold]{Money(p.Price)}[/]");
                t.AddRow("", "list price", Money(o.Quote.ListPrice));
                t.AddRow("", "discount", p.Discount.ToString("P1", inv));
                var (low, high) = p.ExpectedProfitInterval;
                t.AddRow("", "expected profit", $"{Money(p.ExpectedProfit)} ({Money(low)}–{Money(high)})");
                string interval = $"{p.AcceptanceLow.ToString("P0", inv)}–{p.AcceptanceHigh.ToString("P0", inv)}";
                // An interval such as 4%–99% says nothing by itself: say why it is that wide, as the dashboard does.
                t.AddRow("", "chance taken", AcceptanceEvidence.IsLittle(p.AcceptanceLow, p.AcceptanceHigh)
                    ? $"{p.Acceptance.ToString("P0", inv)} ([yellow]{Markup.Escape(AcceptanceEvidence.Label(o.Quote.Responses))}[/]; {interval})"
                    : $"{p.Acceptance.ToString("P0", inv)} ({interval})");
                AnsiConsole.Write(t);
                AnsiConsole.MarkupLine(Markup.Escape(o.Explanation.ToString()));
            }
            return CommandHost.Ok;
        }));
        return cmd;
    }
}
