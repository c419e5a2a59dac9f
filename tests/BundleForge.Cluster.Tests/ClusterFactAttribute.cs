namespace BundleForge.Cluster.Tests;

/// <summary>A cluster test: skipped, saying why, only when the PostgreSQL binaries are absent (CI installs them).</summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (PostgresServer.MissingReason() is { } reason)
            Skip = reason;
    }
}
