using System.CommandLine;

namespace BundleForge.Cli;

/// <summary>Every command of the <c>bundleforge</c> executable, in the order the help lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create()
    {
        yield return Commands.GenerateCommand.Create();
    }
}
