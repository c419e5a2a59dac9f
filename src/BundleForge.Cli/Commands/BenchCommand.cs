using System.CommandLine;
using System.Diagnostics;
using BundleForge.Cli.Console;
using BundleForge.Ingest;
using BundleForge.Ingest.Store;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge bench</c>: side-by-side measurements of whole operations on real files (the micro
/// benchmarks live in bench/ with BenchmarkDotNet).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var cmd = new Command("bench", "Measure whole operations side by side with their reference (median of several runs).");
        cmd.Subcommands.Add(Ingest());
        cmd.Subcommands.Add(TextBenchCommand.Create());
        return cmd;
    }

    /// <summary>Our full import (parse, clean, dense ids, write the store) against DuckDB's own <c>read_csv</c> of the
    /// same file into a table, alternating the two in one process so both see the same machine load.</summary>
    private static Command Ingest()
    {
        var cmd = new Command("ingest", "Import time against DuckDB's own read_csv of the same file.");
        var data = new DataOptions(cmd, "--input");
        var runs = new Option<int>("--runs") { Description = "Runs of each side; the median is reported.", DefaultValueFactory = _ => 3 };
        var json = JsonOption.Create();
        cmd.Options.Add(runs);
        cmd.Options.Add(json);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            var request = data.Request(parse);
            int n = Math.Max(1, parse.GetValue(runs));
            var dir = Path.Combine(Path.GetTempPath(), "bf-bench-" + Guid.NewGuid().ToString("N"));
            // The runs write stores into a temporary folder: a signal stops the run in progress (its database closed
            // under the running statement), and the folder is removed.
            using var stop = new StopSignals { Message = "bench stopped before it finished: its temporary stores were removed" };
            var cancel = stop.Token;
            Directory.CreateDirectory(dir);
            var duck = new List<double>();
            var ours = new List<double>();
            long rows = 0;
            try
            {
                stop.Run(_ =>
                {
                    for (int i = 0; i < n; i++)
                    {
                        var sw = Stopwatch.StartNew();
                        using (var db = DuckDbSession.InMemory())
                        {
                            using var interrupted = cancel.Register(db.Interrupt);
                            db.Execute($"CREATE TABLE t AS SELECT * FROM read_csv({DuckDbSession.Literal(request.Path)})");
                            rows = db.Scalar<long>("SELECT count(*) FROM t");
                        }
                        cancel.ThrowIfCancellationRequested();
                        duck.Add(sw.Elapsed.TotalSeconds);
                        sw.Restart();
                        StoreWriter.Import(request, Path.Combine(dir, $"run{i}.duckdb"), cancel: cancel);
                        ours.Add(sw.Elapsed.TotalSeconds);
                        if (!parse.GetValue(json))
                            System.Console.Error.WriteLine($"run {i + 1}/{n}: duckdb read_csv {duck[^1]:0.000}s, bundleforge import {ours[^1]:0.000}s");
                    }
                    return 0;
                });
            }
            finally { Directory.Delete(dir, true); }
            double md = Median(duck), mo = Median(ours);
            var result = new
            {
                input = request.Path,
                rows,
                runs = n,
                duckdb_read_csv_seconds = Math.Round(md, 3),
                import_seconds = Math.Round(mo, 3),
                ratio = Math.Round(mo / md, 2),
                duckdb_runs = duck.Select(x => Math.Round(x, 3)),
                import_runs = ours.Select(x => Math.Round(x, 3)),
            };
            if (parse.GetValue(json))
                CommandHost.WriteJson(result);
            else
                AnsiConsole.MarkupLine($"{rows:N0} rows: DuckDB read_csv {md:0.000}s, BundleForge import {mo:0.000}s, ratio [bold]{mo / md:0.00}×[/] (median of {n}).");
            return CommandHost.Ok;
        }));
        return cmd;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
