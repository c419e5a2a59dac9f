namespace BundleForge.Cluster.Grains;

/// <summary>The cluster's erasure registry (one grain, key 0): erasures from any node go through it, in order.</summary>
public interface IErasureRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the erasure durably first, then erases the customer's events and session; returns what the
    /// customer's grain removed.</summary>
    Task<(int Events, bool Session)> Erase(string userKey);

    /// <summary>How many customers have been erased.</summary>
    Task<int> Count();
}
