using System.CommandLine;
using BundleForge.Artifacts;
using BundleForge.Cli.Console;
using BundleForge.Reports;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge report</c>: one self-contained HTML page about a model folder, viewable offline.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var cmd = new Command("report", "Write a self-contained HTML report (data, cleaning, product links, evaluation) of a model folder.");
        var model = new Option<string>("--model") { Description = "The model folder.", Required = true };
        var output = new Option<string>("--out") { Description = "The HTML file to write.", DefaultValueFactory = _ => "report.html" };
        var json = JsonOption.Create();
        foreach (var o in new Option[] { model, output, json })
            cmd.Options.Add(o);
        // Optional: describe another data file (e.g. this month's orders) in the overview and cleaning sections instead
        // of the data the model was trained on.
        var data = new DataOptions(cmd, required: false);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            var reader = ModelReader.Open(parse.GetValue(model)!);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            // Nothing is on disk until the page is written: a signal ends the process at once until then, and while it
            // is written the temporary file is removed and an existing report left as it was.
            using var stop = new StopSignals { Message = $"report stopped before it finished: {path} was left as it was", StopAtOnce = true };
            DataSummary? summary = null;
            if (data.Given(parse))
            {
                var dataset = CliProgress.Run(parse.GetValue(json), p => data.Load(parse, p));
                summary = DataSummary.Compute(dataset);
            }
            stop.StopAtOnce = false;
            stop.Run(token => { HtmlReport.Write(reader, path, summary, token); return 0; });
            if (parse.GetValue(json))
                CommandHost.WriteJson(new { out_path = path, bytes = new FileInfo(path).Length, model_version = reader.Manifest.ModelVersion, data = summary is null ? "model" : parse.GetValue(data.Data) });
            else
                AnsiConsole.MarkupLine($"Wrote [bold]{Markup.Escape(path)}[/] ({new FileInfo(path).Length / 1024.0:0} KiB).");
            return CommandHost.Ok;
        }));
        return cmd;
    }
}
