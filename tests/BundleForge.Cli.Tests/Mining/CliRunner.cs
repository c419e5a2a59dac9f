using System.CommandLine;

namespace BundleForge.Cli.Tests.Mining;

/// <summary>Runs the real command tree in-process and captures stdout and stderr.</summary>
internal static class CliRunner
{
    private static readonly object Gate = new();

    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        lock (Gate)
        {
            var root = new RootCommand("test");
            foreach (var c in CommandCatalog.Create())
                root.Subcommands.Add(c);
            var (oldOut, oldErr) = (System.Console.Out, System.Console.Error);
            var (o, e) = (new StringWriter(), new StringWriter());
            System.Console.SetOut(o);
            System.Console.SetError(e);
            try
            { return (CommandHost.Invoke(root, args), o.ToString(), e.ToString()); }
            finally
            {
                System.Console.SetOut(oldOut);
                System.Console.SetError(oldErr);
            }
        }
    }
}
