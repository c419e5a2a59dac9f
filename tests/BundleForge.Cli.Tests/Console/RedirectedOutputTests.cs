using BundleForge.Cli.Console;
using Spectre.Console;

namespace BundleForge.Cli.Tests.Console;

/// <summary>Output that is not a terminal (piped, written to a file) is laid out without wrapping: a table row, a
/// title and a line of text each stay whole on one line, however wide.</summary>
public class RedirectedOutputTests
{
    private static readonly string Title = "Frequently bought together with " + new string('T', 120);
    private static readonly string[][] Rows =
    [
        [Cell("first", 80), Cell("second", 70), "1,234 orders", Cell("third", 60)],
        [Cell("fourth", 90), Cell("fifth", 55), "17 orders", Cell("sixth", 75)],
    ];

    /// <summary>A cell of <paramref name="width"/> characters in words, as long product titles are.</summary>
    private static string Cell(string tag, int width)
    {
        var s = tag.ToUpperInvariant() + " WHITE HANGING HEART T-LIGHT HOLDER WITH RED RETROSPOT JUMBO BAG VINTAGE";
        while (s.Length < width)
            s += " " + tag;
        return s[..width];
    }

    private static string Render(bool redirected)
    {
        var writer = new StringWriter();
        var console = CliConsole.Create(writer, redirected);
        var table = new Table().Title(Markup.Escape(Title)).AddColumn("product").AddColumn("with")
            .AddColumn(new TableColumn("together in").RightAligned()).AddColumn("also");
        foreach (var row in Rows)
            table.AddRow(row.Select(Markup.Escape).ToArray());
        console.Write(table);
        console.MarkupLine(Markup.Escape("note: " + Cell("a long line of text", 200)));
        return writer.ToString();
    }

    private static bool Whole(string output, string[] cells) =>
        output.Split('\n').Any(line => cells.All(line.Contains));

    [Fact]
    public void Redirected_output_keeps_every_table_row_title_and_line_whole()
    {
        var output = Render(redirected: true);
        var lines = output.Split('\n');
        foreach (var row in Rows)
            Assert.True(Whole(output, row), "a row was broken:\n" + output);
        Assert.Contains(lines, l => l.Contains(Title, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(Cell("a long line of text", 200), StringComparison.Ordinal));
        // Plain text for a file: no colour or cursor escape sequences.
        Assert.DoesNotContain('\u001b', output);
        // The rows are wider than a terminal's default 80 columns, so this is what the layout had to preserve.
        Assert.All(Rows, row => Assert.True(row.Sum(c => c.Length) > 200));
    }

    [Fact]
    public void Laid_out_in_80_columns_as_Spectre_does_by_default_the_same_rows_break()
    {
        // The layout the CLI had before: the check above would fail on it.
        var output = Render(redirected: false);
        Assert.All(Rows, row => Assert.False(Whole(output, row)));
    }

    [Fact]
    public void Hints_name_the_command_as_the_launcher_typed_it()
    {
        Assert.Equal("./run", CliConsole.CommandNameFrom("./run"));
        Assert.Equal("\"/my shop/run\"", CliConsole.CommandNameFrom("/my shop/run"));
        Assert.Equal("bundleforge", CliConsole.CommandNameFrom(null));
        Assert.Equal("bundleforge", CliConsole.CommandNameFrom(""));
        Assert.Equal("Not a store (write one with './run import').", CliConsole.Hint("Not a store (write one with 'bundleforge import').", "./run"));
        Assert.Equal("write one with 'bundleforge import'", CliConsole.Hint("write one with 'bundleforge import'", "bundleforge"));
    }
}
