namespace BundleForge.Server.Tests;

/// <summary>Tests that read <c>/metrics</c> run alone: OpenTelemetry subscribes to meters by name across the process,
/// so a test server's scrape could show another concurrently running test server's series (one server per process in
/// production, where this cannot happen).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}
