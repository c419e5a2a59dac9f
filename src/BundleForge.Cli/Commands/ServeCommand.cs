using System.CommandLine;
using BundleForge.Cluster;
using BundleForge.Server;
using BundleForge.Server.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge serve</c>: the HTTP service on a model folder, until Ctrl+C or SIGTERM (which drain
/// in-flight requests). A broken model or a bad setting is refused before anything listens (exit 2). Everything the
/// server loads is decided by <see cref="BundleForgeServer"/>, the same composition the tests start.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var cmd = new Command("serve", "Serve recommendations, frequently-bought-together, bundles and events over HTTP.");
        var model = new Option<string>("--model") { Description = "The model folder (from 'train') to serve.", Required = true };
        var urls = new Option<string?>("--urls") { Description = $"Listen addresses, ';'-separated (default {BundleForgeServer.DefaultUrls}; port 0 picks a free port)." };
        var config = new Option<string?>("--config") { Description = "A JSON configuration file (Admin:ApiKey, Limits, RateLimit, Events:Path ...)." };
        var events = new Option<string?>("--events") { Description = "The event store file (default: MODEL.events/events.db beside the model folder; docs/SERVING.md)." };
        var cluster = new Option<string?>("--cluster")
        {
            Description = "Join a cluster: the PostgreSQL connection string (\"Host=...;Database=...\"; or Cluster:ConnectionString in configuration). Customer state then lives in the cluster, not in --events (docs/SCALE.md).",
        };
        var json = JsonOption.Create();
        foreach (var o in new Option[] { model, urls, config, events, cluster, json })
            cmd.Options.Add(o);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            var app = BundleForgeServer.StartAsync([], new ServerOptions
            {
                ModelDirectory = parse.GetValue(model),
                Urls = parse.GetValue(urls),
                ConfigFile = parse.GetValue(config),
                EventStorePath = parse.GetValue(events),
                ConfigureBuilder = b => ClusterMode.UseIfConfigured(b, parse.GetValue(cluster)),
            }).GetAwaiter().GetResult();
            var version = app.Services.GetRequiredService<ModelHost>().Current.Version;
            if (parse.GetValue(json))
                CommandHost.WriteJson(new { Urls = app.Urls.ToArray(), ModelVersion = version, ProcessId = Environment.ProcessId });
            else
                System.Console.Error.WriteLine($"Serving model {version} on {string.Join(", ", app.Urls)} (Ctrl+C to stop).");
            app.WaitForShutdown();
            return CommandHost.Ok;
        }));
        return cmd;
    }
}
