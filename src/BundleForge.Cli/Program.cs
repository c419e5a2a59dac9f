using System.CommandLine;
using BundleForge.Cli;
using BundleForge.Cli.Console;

CliConsole.Configure();
var root = new RootCommand("BundleForge: which products to sell together, to whom, and at what bundle price.");
foreach (var command in CommandCatalog.Create())
    root.Subcommands.Add(command);
return CommandHost.Invoke(root, args);
