namespace BundleForge.Cluster;

/// <summary>Configuration section <c>Cluster</c>: present (a connection string) means this node joins a cluster.</summary>
public sealed class ClusterSettings
{
    public const string Section = "Cluster";

    /// <summary>The PostgreSQL connection string (<c>serve --cluster</c>); empty means single-node mode.</summary>
    public string? ConnectionString { get; set; }
    /// <summary>Nodes with the same id form one cluster (Orleans' ClusterId and ServiceId).</summary>
    public string ClusterId { get; set; } = "bundleforge";
    /// <summary>The address other silos reach this one on.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
    /// <summary>Silo-to-silo port (each node on one host needs its own).</summary>
    public int SiloPort { get; set; } = 11111;
    /// <summary>Orleans client gateway port (each node on one host needs its own).</summary>
    public int GatewayPort { get; set; } = 30000;
    /// <summary>How long a silo may miss probes before the others declare it dead: probe timeout in seconds (missed
    /// probes limit 2, so a dead node is declared in about twice this plus a table refresh; docs/SCALE.md).</summary>
    public int ProbeTimeoutSeconds { get; set; } = 2;
    /// <summary>How long a call to a grain may take before it fails (a call to a node that died waits at most this).</summary>
    public int ResponseTimeoutSeconds { get; set; } = 10;
    /// <summary>How often a node checks the cluster's model version.</summary>
    public int VersionPollMilliseconds { get; set; } = 250;
    /// <summary>How often a node applies offer feedback other nodes gave the shared learner (its own it applies at once).</summary>
    public int LearnerPollMilliseconds { get; set; } = 250;
}
