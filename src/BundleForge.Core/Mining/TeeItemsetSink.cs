namespace BundleForge.Mining;

/// <summary>Passes every itemset to several sinks (for example a file writer and the in-memory collection for rules).</summary>
public sealed class TeeItemsetSink(params IItemsetSink[] sinks) : IItemsetSink
{
    public void Add(ReadOnlySpan<int> items, int support)
    {
        foreach (var s in sinks)
            s.Add(items, support);
    }
}
