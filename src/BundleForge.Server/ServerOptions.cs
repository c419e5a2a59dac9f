using BundleForge.Privacy;
using BundleForge.Server.Serving;

namespace BundleForge.Server;

/// <summary>What a host (the CLI's <c>serve</c>, a test) passes to <see cref="BundleForgeServer.StartAsync"/>; anything
/// left null comes from configuration (appsettings.json, environment variables, the <see cref="ConfigFile"/>), and
/// anything set here overrides it.</summary>
public sealed class ServerOptions
{
    /// <summary>The model folder to serve (configuration <c>Model:Path</c>).</summary>
    public string? ModelDirectory { get; init; }
    /// <summary>Listen addresses such as <c>http://127.0.0.1:5080</c> (configuration <c>urls</c>).</summary>
    public string? Urls { get; init; }
    /// <summary>An extra JSON configuration file, read after appsettings.json and the environment.</summary>
    public string? ConfigFile { get; init; }
    /// <summary>The SQLite event store (configuration <c>Events:Path</c>; default <c>MODEL.events/events.db</c> beside the model folder,
    /// <see cref="Settings.EventsOptions.DefaultPathFor"/>).</summary>
    public string? EventStorePath { get; init; }
    /// <summary>The pseudonymiser for user ids (default: <see cref="Pseudonymizer.FromEnvironment"/>).</summary>
    public Pseudonymizer? Pseudonymizer { get; init; }
    /// <summary>The component factories (default: <see cref="Models.ServingComponents.Create"/> with the <c>Bundles</c> settings);
    /// tests replace them to simulate a machine without libtorch or a failing load.</summary>
    public IReadOnlyList<IServingComponentFactory>? Components { get; init; }
    /// <summary>A last hook on the builder (tests swap in an in-memory server here).</summary>
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; init; }
}
