using System.CommandLine;
using BundleForge.Cli.Commands;

namespace BundleForge.Cli;

/// <summary>Every command of the <c>bundleforge</c> executable, in the order the help lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create()
    {
        yield return DemoCommand.Create();
        yield return ImportCommand.Create();
        yield return StatsCommand.Create();
        yield return MineCommand.Create();
        yield return FbtCommand.Create();
        yield return TrainCommand.Create();
        yield return ReportCommand.Create();
        yield return BenchCommand.Create();
        yield return GenerateCommand.Create();
        yield return EvaluateCommand.Create();
        yield return SimilarCommand.Create();
        yield return ServeCommand.Create();
    }
}
