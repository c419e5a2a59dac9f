using BundleForge.Data;

namespace BundleForge.Mining;

/// <summary>A frequent-itemset miner over purchase baskets (FP-Growth for production, Apriori as the reference).</summary>
public interface IItemsetMiner
{
    /// <summary>Short name used on the command line (<c>fpgrowth</c>, <c>apriori</c>).</summary>
    string Name { get; }

    /// <summary>Streams every itemset whose support count is at least <see cref="MiningOptions.MinCount"/> into
    /// <paramref name="sink"/> (null: only count them). <paramref name="itemCount"/> bounds the dense item ids.</summary>
    MiningStats Mine(BasketSet baskets, int itemCount, MiningOptions options, IItemsetSink? sink,
        IProgress<ProgressUpdate>? progress = null, CancellationToken cancellation = default);
}
