using System.CommandLine;
using System.Diagnostics;
using BundleForge.Cli.Console;
using BundleForge.Data;
using BundleForge.Ingest;
using BundleForge.Ingest.Store;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge import</c>: cleans raw files into one DuckDB store, atomically.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var cmd = new Command("import", "Clean raw data into a DuckDB store (written atomically) that every command reads with --data.");
        var data = new DataOptions(cmd, "--input");
        var db = new Option<string>("--db") { Description = "The DuckDB file to write.", Required = true };
        var json = JsonOption.Create();
        cmd.Options.Add(db);
        cmd.Options.Add(json);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            bool asJson = parse.GetValue(json);
            var request = data.Request(parse);
            var sw = Stopwatch.StartNew();
            // The store is written to a temporary file beside it and renamed at the end: a signal interrupts the cleaning
            // database's running statement, the temporary file is removed and an existing store stays as it was.
            using var stop = new StopSignals { Message = $"import stopped before it finished: {parse.GetValue(db)} was left as it was" };
            var report = stop.Run(token => CliProgress.Run(asJson, p => StoreWriter.Import(request, parse.GetValue(db)!, p, token)));
            double seconds = sw.Elapsed.TotalSeconds;
            using var session = DuckDbSession.Open(parse.GetValue(db)!, readOnly: true);
            var counts = new
            {
                users = session.Scalar<long>("SELECT count(*) FROM users"),
                items = session.Scalar<long>("SELECT count(*) FROM items"),
                orders = session.Scalar<long>("SELECT count(*) FROM orders"),
                interactions = session.Scalar<long>("SELECT count(*) FROM interactions"),
            };
            if (asJson)
            {
                CommandHost.WriteJson(new
                {
                    db = Path.GetFullPath(parse.GetValue(db)!),
                    format = DataFormatNames.NameOf(DatasetLoader.Resolve(request)),
                    rows_read = report.RowsRead,
                    users_read = report.UsersRead,
                    rows_kept = report.RowsKept,
                    removed = report.Removed,
                    changed = report.Changed,
                    counts.users,
                    counts.items,
                    counts.orders,
                    counts.interactions,
                    notes = report.Notes,
                    seconds = Math.Round(seconds, 3),
                });
            }
            else
            {
                CleaningReportView.Render(report);
                AnsiConsole.MarkupLine($"Wrote [bold]{Markup.Escape(parse.GetValue(db)!)}[/]: {counts.users:N0} users, {counts.items:N0} items, {counts.orders:N0} orders, {counts.interactions:N0} interactions in {seconds:0.00}s.");
            }
            return CommandHost.Ok;
        }));
        return cmd;
    }
}
