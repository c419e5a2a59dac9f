namespace BundleForge.Mining;

/// <summary>Receives frequent itemsets as a miner finds them, so that millions of itemsets need not sit in memory.
/// Miners call <see cref="Add"/> from one thread at a time; the span is only valid during the call.</summary>
public interface IItemsetSink
{
    /// <summary>One frequent itemset: distinct dense item ids in no particular order, and its absolute support count.</summary>
    void Add(ReadOnlySpan<int> items, int support);
}
