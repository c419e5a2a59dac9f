using System.CommandLine;

namespace BundleForge.Cli;

/// <summary>The <c>--json</c> switch every command takes.</summary>
internal static class JsonOption
{
    public static Option<bool> Create() => new("--json") { Description = "Print exactly one JSON object on stdout instead of tables." };
}
