using System.CommandLine;
using System.Text.Json;
using BundleForge.Cli.Console;

namespace BundleForge.Cli;

/// <summary>Runs a parsed command under the CLI conventions: exit 0 on success, 2 with one clear line for a user
/// mistake (bad arguments or data), 1 for an internal error; stack traces only with BUNDLEFORGE_DEBUG=1.</summary>
internal static class CommandHost
{
    public const int Ok = 0;
    public const int InternalError = 1;
    public const int UserError = 2;

    public static int Invoke(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
                System.Console.Error.WriteLine($"error: {e.Message}");
            System.Console.Error.WriteLine($"Run '{CliConsole.CommandName} --help' (or the command with --help) for usage.");
            return UserError;
        }
        return parsed.Invoke();
    }

    /// <summary>Wraps a command body so every command maps exceptions to exit codes the same way.</summary>
    public static Func<ParseResult, int> Run(Func<ParseResult, int> body) => parse =>
    {
        try
        {
            return body(parse);
        }
        catch (DataException e)
        {
            System.Console.Error.WriteLine($"error: {CliConsole.Hint(e.Message)}");
            if (Debug)
                System.Console.Error.WriteLine(e);
            return UserError;
        }
        catch (CommandStoppedException e)
        {
            System.Console.Error.WriteLine(e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            System.Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception e)
        {
            System.Console.Error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            System.Console.Error.WriteLine(Debug ? e.ToString() : "Set BUNDLEFORGE_DEBUG=1 for details, and please report it.");
            return InternalError;
        }
    };

    private static bool Debug => Environment.GetEnvironmentVariable("BUNDLEFORGE_DEBUG") == "1";

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Prints the one JSON object of a <c>--json</c> run.</summary>
    public static void WriteJson(object value) => System.Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));
}
