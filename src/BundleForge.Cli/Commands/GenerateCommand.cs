using System.CommandLine;
using BundleForge.Cli.Console;
using BundleForge.Evaluation.Synthetic;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge generate</c>: writes a synthetic shop (canonical CSV plus planted ground truth).</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "Folder to write the shop into (created when missing)", Required = true };
        var users = new Option<int>("--users") { Description = "Number of users", DefaultValueFactory = _ => 1_000 };
        var items = new Option<int>("--items") { Description = "Number of items", DefaultValueFactory = _ => 500 };
        var orders = new Option<int>("--orders") { Description = "Number of orders (about 2 lines each)", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<long>("--seed") { Description = "Random seed; equal seeds give identical files", DefaultValueFactory = _ => 42 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };

        var command = new Command("generate", "Write a synthetic shop: interactions, items, users with hidden willingness to pay, planted bundles, substitutes and follow-ups");
        foreach (var o in new Option[] { outDir, users, items, orders, seed, json })
            command.Options.Add(o);
        command.SetAction(CommandHost.Run(parse =>
        {
            bool asJson = parse.GetValue(json);
            var options = new ShopGeneratorOptions
            {
                Users = parse.GetValue(users),
                Items = parse.GetValue(items),
                Orders = parse.GetValue(orders),
                Seed = parse.GetValue(seed),
            };
            var folder = Path.GetFullPath(parse.GetValue(outDir)!);
            // SIGTERM or Ctrl-C: the generator stops at its next user, removes its staging folder and leaves the folder as it
            // was (or absent).
            using var stop = new StopSignals { Message = $"generate stopped before it finished: {folder} was left as it was" };
            var result = stop.Run(token => CliProgress.Run(asJson, progress => ShopGenerator.Generate(options, folder, progress, token)));
            if (asJson)
            {
                CommandHost.WriteJson(new
                {
                    result.Out,
                    result.Users,
                    result.Items,
                    result.Orders,
                    result.OrderLines,
                    result.InteractionRows,
                    result.Bundles,
                    result.Substitutes,
                    result.SequencePairs,
                    result.Bytes,
                    Seconds = Math.Round(result.Seconds, 3),
                });
                return CommandHost.Ok;
            }
            var table = new Table().AddColumn("").AddColumn(new TableColumn("value").RightAligned());
            table.AddRow("folder", Markup.Escape(result.Out));
            table.AddRow("users", $"{result.Users:N0}");
            table.AddRow("items", $"{result.Items:N0}");
            table.AddRow("orders", $"{result.Orders:N0}");
            table.AddRow("order lines", $"{result.OrderLines:N0}");
            table.AddRow("interaction rows", $"{result.InteractionRows:N0}");
            table.AddRow("planted bundles / substitutes / follow-ups", $"{result.Bundles} / {result.Substitutes} / {result.SequencePairs}");
            table.AddRow("seconds", $"{result.Seconds:0.00}");
            AnsiConsole.Write(table);
            return CommandHost.Ok;
        }));
        return command;
    }
}
