namespace BundleForge.Cluster.Grains;

/// <summary>How many customer grains this silo holds now (the <c>live sessions</c> figure of this node's metrics).</summary>
public sealed class CustomerActivations
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Activated() => Interlocked.Increment(ref _count);

    public void Deactivated() => Interlocked.Decrement(ref _count);
}
