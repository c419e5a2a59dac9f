namespace BundleForge.Cluster.Grains;

/// <summary>The model version the cluster serves (one grain, key 0), with a generation that grows at every change: a
/// node that reloads or erases publishes its new version here, and the others follow.</summary>
public interface IServedModelGrain : IGrainWithIntegerKey
{
    /// <summary>The version last published and its generation (0 before any).</summary>
    Task<ServedModel> Current();

    /// <summary>Publishes <paramref name="version"/>; returns the new generation.</summary>
    Task<ServedModel> Publish(string version);
}
