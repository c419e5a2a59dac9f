using Spectre.Console;

namespace BundleForge.Cli.Console;

/// <summary>The console every command writes to, and how the CLI names itself in hints. On a terminal it is Spectre's
/// own; when output is redirected (piped, written to a file) Spectre would squeeze everything to 80 columns, cutting
/// titles and wrapping table rows into pieces, so there lines are never wrapped: a table row stays one line, whatever
/// its width.</summary>
internal static class CliConsole
{
    /// <summary>The width redirected output is laid out in: wide enough that no table row or line of text wraps.</summary>
    public const int RedirectedWidth = 16_384;

    /// <summary>The environment variable a launcher sets to the command as the user typed it (<c>./run</c> sets its own
    /// path), so hints print commands that run as written.</summary>
    public const string CommandVariable = "BUNDLEFORGE_COMMAND";

    /// <summary>True when standard output is not a terminal.</summary>
    public static bool Redirected { get; private set; }

    /// <summary>How a hint names this executable: the launcher's command when one is set, else <c>bundleforge</c>.</summary>
    public static string CommandName => CommandNameFrom(Environment.GetEnvironmentVariable(CommandVariable));

    /// <summary>How a hint names this executable when the launcher's variable holds <paramref name="variable"/>.</summary>
    public static string CommandNameFrom(string? variable) => variable is { Length: > 0 } command ? Quoted(command) : "bundleforge";

    /// <summary>Makes <see cref="AnsiConsole"/> write to standard output as described above (called once at start).</summary>
    public static void Configure()
    {
        Redirected = System.Console.IsOutputRedirected;
        AnsiConsole.Console = Create(System.Console.Out, Redirected);
    }

    /// <summary>A console writing to <paramref name="writer"/>; <paramref name="redirected"/> lays it out without
    /// wrapping and without colours or cursor movement.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
            console.Profile.Width = RedirectedWidth;
        return console;
    }

    /// <summary>A heading: a rule across the terminal, or one plain line when redirected (a rule would span
    /// <see cref="RedirectedWidth"/> columns).</summary>
    public static void Heading(string markup)
    {
        if (Redirected)
            AnsiConsole.MarkupLine($"== {markup} ==");
        else
            AnsiConsole.Write(new Rule(markup));
    }

    /// <summary>Joins the lines of one table cell: below each other on a terminal, on the row's one line when redirected.</summary>
    public static string CellLines(IEnumerable<string> lines) => string.Join(Redirected ? "; " : "\n", lines);

    /// <summary><paramref name="message"/> with a command it suggests (<c>'bundleforge import'</c>, as the library words
    /// it) named as this executable was launched, so it runs as written.</summary>
    public static string Hint(string message) => Hint(message, CommandName);

    /// <summary><paramref name="message"/> with its suggested commands named <paramref name="commandName"/>.</summary>
    public static string Hint(string message, string commandName) =>
        commandName == "bundleforge" ? message : message.Replace("'bundleforge ", $"'{commandName} ", StringComparison.Ordinal);

    private static string Quoted(string command) => command.Contains(' ', StringComparison.Ordinal) ? $"\"{command}\"" : command;
}
