using BundleForge.Data;
using Spectre.Console;

namespace BundleForge.Cli.Console;

/// <summary>The cleaning report as a table and as a JSON-ready object.</summary>
internal static class CleaningReportView
{
    public static void Render(CleaningReport r)
    {
        var t = new Table().Title("Cleaning").AddColumn("").AddColumn(new TableColumn("rows").RightAligned());
        t.AddRow("read", $"{r.RowsRead:N0}");
        foreach (var (reason, n) in r.Removed)
            t.AddRow($"[red]removed[/] {Markup.Escape(reason)}", $"{n:N0}");
        t.AddRow("[green]kept[/]", $"{r.RowsKept:N0}");
        foreach (var (reason, n) in r.Changed)
            t.AddRow($"[yellow]flagged[/] {Markup.Escape(reason)}", $"{n:N0}");
        AnsiConsole.Write(t);
        foreach (var note in r.Notes)
            AnsiConsole.MarkupLine($"[grey]note:[/] {Markup.Escape(note)}");
    }

    public static object Json(CleaningReport r) => new
    {
        rows_read = r.RowsRead,
        users_read = r.UsersRead,
        rows_kept = r.RowsKept,
        removed = r.Removed,
        changed = r.Changed,
        notes = r.Notes,
    };
}
