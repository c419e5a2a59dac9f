using BundleForge.Embeddings;

namespace BundleForge.Bundles.Candidates;

/// <summary>Candidates from item2vec complements (<see cref="Item2VecModel.Complements"/>: co-purchased items and the
/// best cross-context neighbours, ranked by the complement measure) of the item being looked at, the cart and the
/// user's recent distinct purchases, weighted like the co-purchase source (<see cref="CandidateSeeds"/>). A seed's
/// complements cost a scan of the whole catalog, so each item's are computed once and kept (<see cref="NeighborRowCache"/>).</summary>
public sealed class EmbeddingComplementSource : ICandidateSource, IWarmableSource
{
    private readonly Item2VecModel _model;
    private readonly NeighborRowCache _rows;

    public EmbeddingComplementSource(Item2VecModel model)
    {
        _model = model;
        _rows = new NeighborRowCache(model.Embeddings.Count, CachedPerItem, model.Complements);
    }

    public string Name => "item2vec";

    public float Weight { get; init; } = 1f;

    /// <summary>How many recent distinct purchases seed the search.</summary>
    public int RecentItems { get; init; } = 10;

    /// <summary>Complements kept per item; a request for more per seed is computed without the cache.</summary>
    public const int CachedPerItem = 200;

    public void Warm(int item)
    {
        if ((uint)item < (uint)_model.Embeddings.Count && _model.Embeddings.HasVector(item))
            _rows.Warm(item);
    }

    public void Collect(UserContext user, int max, List<Candidate> into)
    {
        var e = _model.Embeddings;
        var seeds = CandidateSeeds.Of(user, RecentItems, i => (uint)i < (uint)e.Count && e.HasVector(i));
        CandidateMerger.FromSeeds(seeds, _rows, max, into, Name, EvidenceKind.Complements);
    }
}
