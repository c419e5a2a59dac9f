using BundleForge.Embeddings;

namespace BundleForge.Bundles.Candidates;

/// <summary>Candidates that complement what the user is looking at, has in the cart or bought recently, from
/// co-purchase statistics. Each seed item's best complements are computed once and kept (<see cref="NeighborRowCache"/>).</summary>
public sealed class ComplementCandidateSource : ICandidateSource, IWarmableSource
{
    private readonly CooccurrencePairScorer _pairs;
    private readonly NeighborRowCache _rows;

    public ComplementCandidateSource(CooccurrencePairScorer pairs)
    {
        _pairs = pairs;
        _rows = new NeighborRowCache(pairs.ItemCounts.Length, CachedPerItem, Compute);
    }

    public string Name => "co-purchase";

    /// <summary>How many recent distinct purchases seed the search.</summary>
    public int RecentItems { get; init; } = 10;

    /// <summary>Complements kept per item; a request for more per seed is computed without the cache.</summary>
    public const int CachedPerItem = 200;

    public void Warm(int item)
    {
        if ((uint)item < (uint)_pairs.ItemCounts.Length)
            _rows.Warm(item);
    }

    public void Collect(UserContext user, int max, List<Candidate> into)
    {
        var seeds = CandidateSeeds.Of(user, RecentItems, item => (uint)item < (uint)_pairs.ItemCounts.Length);
        CandidateMerger.FromSeeds(seeds, _rows, max, into, Name, EvidenceKind.BoughtWith);
    }

    private Neighbor[] Compute(int item, int k)
    {
        var scratch = new List<(int Item, float Complementarity)>();
        _pairs.TopComplements(item, k, scratch);
        var row = new Neighbor[scratch.Count];
        for (int j = 0; j < row.Length; j++)
            row[j] = new Neighbor(scratch[j].Item, scratch[j].Complementarity);
        return row;
    }
}
