using System.CommandLine;
using System.Diagnostics;
using BundleForge.Artifacts;
using BundleForge.Cli.Console;
using BundleForge.Data;
using BundleForge.Mining;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge fbt</c>: frequently bought together for one item or a whole cart.</summary>
internal static class FbtCommand
{
    public static Command Create()
    {
        var cmd = new Command("fbt", "Frequently bought together: the items that complete an item or a cart, with their evidence.");
        var data = new DataOptions(cmd);
        // Either the baskets (--data, the table is built on the fly) or a trained model folder (--model, served from
        // its precomputed co-occurrence table without re-reading or re-mining anything).
        data.Data.Required = false;
        var model = new Option<string?>("--model") { Description = "Serve from a model folder trained with 'train --models rules' instead of --data." };
        var item = new Option<string?>("--item") { Description = "The item to complete (shop item id)." };
        var cart = new Option<string?>("--cart") { Description = "Further cart items, comma-separated shop item ids." };
        var k = new Option<int>("-k", "--top") { Description = "Number of suggestions.", DefaultValueFactory = _ => 10 };
        var mode = new Option<string>("--mode") { Description = "strict: observed co-purchases only; relaxed: fill up with labelled fallbacks.", DefaultValueFactory = _ => "strict" };
        var pseudo = new Option<double>("--pseudo-count") { Description = "Shrinkage strength α of the score (baskets of prior evidence).", DefaultValueFactory = _ => 10 };
        var minPairs = new Option<int>("--min-co-purchases") { Description = "Fewest co-purchases for an observed result.", DefaultValueFactory = _ => 1 };
        var neighbors = new Option<int>("--neighbors") { Description = "Partners kept per item in the co-occurrence table.", DefaultValueFactory = _ => 100 };
        var json = JsonOption.Create();
        foreach (var o in new Option[] { model, item, cart, k, mode, pseudo, minPairs, neighbors, json })
            cmd.Options.Add(o);

        cmd.SetAction(CommandHost.Run(parse =>
        {
            bool asJson = parse.GetValue(json);
            var fbtMode = parse.GetValue(mode)?.Trim().ToLowerInvariant() switch
            {
                "strict" => FbtMode.Strict,
                "relaxed" => FbtMode.Relaxed,
                var other => throw new DataException($"Unknown mode '{other}'. Use strict or relaxed.", field: "--mode"),
            };
            int top = parse.GetValue(k);
            if (top < 1)
                throw new DataException("-k must be at least 1.", field: "-k");
            var scoring = new FbtScoring { PseudoCount = parse.GetValue(pseudo), MinCoPurchases = parse.GetValue(minPairs) };
            var ids = new List<string>();
            if (parse.GetValue(item) is { } one && one.Trim().Length > 0)
                ids.Add(one.Trim());
            if (parse.GetValue(cart) is { } many)
                ids.AddRange(many.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (ids.Count == 0)
                throw new DataException("Give --item and/or --cart.", field: "--item");

            var modelDir = parse.GetValue(model);
            bool hasData = !string.IsNullOrWhiteSpace(parse.GetValue(data.Data));
            if ((modelDir is not null) == hasData)
                throw new DataException("Give either --data (baskets) or --model (a trained model folder).", field: "--data");
            var clock = Stopwatch.StartNew();
            CooccurrenceTable table;
            string[] itemIds;
            ItemCatalog? catalog;
            double loadSeconds, tableSeconds = 0;
            if (modelDir is not null)
            {
                var reader = ModelReader.Open(modelDir);
                var rules = RulesModel.Load(reader);
                (table, itemIds) = (rules.Cooccurrence, rules.ItemIds);
                catalog = reader.Has(CatalogComponent.Component) ? CatalogComponent.Load(reader) : null;
                if (catalog is not null && !catalog.Ids.AsSpan().SequenceEqual(itemIds))
                    catalog = null;
                loadSeconds = clock.Elapsed.TotalSeconds;
            }
            else
            {
                var input = CliProgress.Run(asJson, p => MiningInput.Load(data, parse, p));
                if (input.Baskets.Count == 0)
                    throw new DataException("The input has no baskets.", parse.GetValue(data.Data));
                (itemIds, catalog, loadSeconds) = (input.ItemIds, input.Catalog, input.LoadSeconds);
                clock.Restart();
                table = CooccurrenceTable.Build(input.Baskets, itemIds.Length, parse.GetValue(neighbors));
                tableSeconds = clock.Elapsed.TotalSeconds;
            }
            var index = new Dictionary<string, int>(itemIds.Length, StringComparer.Ordinal);
            for (int i = 0; i < itemIds.Length; i++)
                index[itemIds[i]] = i;
            var cartItems = ids.Select(id => index.TryGetValue(id, out int i) ? i
                : throw new DataException($"Unknown item id '{id}': it is not in the data ({itemIds.Length:N0} items).", field: "item")).Distinct().ToArray();
            var fallbacks = new List<IFbtFallback>();
            if (catalog is not null)
                fallbacks.Add(new CategoryFallback(catalog.Categories, table.ItemCounts));
            fallbacks.Add(new PopularityFallback(table.ItemCounts));
            clock.Restart();
            var results = new FrequentlyBoughtTogether(table, scoring, fallbacks).Recommend(cartItems, top, fbtMode);
            double querySeconds = clock.Elapsed.TotalSeconds;

            string? Title(int i) => catalog?.Titles[i];
            string Name(int i) => catalog?.NameOf(i) ?? itemIds[i];
            if (asJson)
            {
                CommandHost.WriteJson(new
                {
                    cart = cartItems.Select(i => itemIds[i]).ToArray(),
                    source = modelDir is not null ? "model" : "data",
                    mode = fbtMode.ToString().ToLowerInvariant(),
                    k = top,
                    transactions = table.Transactions,
                    results = results.Select(r => new
                    {
                        item = itemIds[r.Item],
                        title = Title(r.Item),
                        score = Math.Round(r.Score, 6),
                        source = r.Source,
                        co_purchases = r.CoPurchases,
                        confidence = Math.Round(r.Confidence, 6),
                        lift = Math.Round(r.Lift, 6),
                        anchor = r.Anchor >= 0 ? itemIds[r.Anchor] : null,
                        supporting_items = r.SupportingItems,
                    }).ToArray(),
                    load_seconds = Math.Round(loadSeconds, 4),
                    table_seconds = Math.Round(tableSeconds, 4),
                    query_seconds = Math.Round(querySeconds, 6),
                });
                return CommandHost.Ok;
            }
            var t = new Table().Title(Markup.Escape($"Frequently bought with {string.Join(", ", cartItems.Select(Name))} ({fbtMode.ToString().ToLowerInvariant()})"))
                .AddColumn("#").AddColumn("item").AddColumn(new TableColumn("score").RightAligned()).AddColumn("source")
                .AddColumn(new TableColumn("together").RightAligned()).AddColumn(new TableColumn("confidence").RightAligned()).AddColumn(new TableColumn("lift").RightAligned());
            for (int i = 0; i < results.Count; i++)
            {
                var r = results[i];
                bool observed = r.Source == FbtRecommendation.CoPurchaseSource;
                t.AddRow($"{i + 1}", Markup.Escape(Name(r.Item)), observed ? $"{r.Score:0.0000}" : "-", r.Source,
                    observed ? $"{r.CoPurchases:N0}" : "-", observed ? $"{r.Confidence:P1}" : "-", observed ? $"{r.Lift:0.00}" : "-");
            }
            AnsiConsole.Write(t);
            if (results.Count == 0)
                AnsiConsole.MarkupLine("[yellow]No co-purchases observed; try --mode relaxed.[/]");
            return CommandHost.Ok;
        }));
        return cmd;
    }
}
