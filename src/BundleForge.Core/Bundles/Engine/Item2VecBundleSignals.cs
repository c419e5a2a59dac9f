using BundleForge.Artifacts;
using BundleForge.Bundles.Candidates;
using BundleForge.Data;
using BundleForge.Embeddings;

namespace BundleForge.Bundles.Engine;

/// <summary>The item2vec component as bundle signals: embedding complements and user-profile relevance as candidate
/// sources, and the embedding complement/substitute measure mixed into pair scoring (<see cref="EmbeddingPairScorer"/>).</summary>
public sealed class Item2VecBundleSignals : IBundleSignalLoader
{
    /// <summary>Source weight of the item2vec complements (chosen on the Online Retail validation period).</summary>
    public float ComplementWeight { get; init; } = DefaultComplementWeight;
    /// <summary>Source weight of the profile relevance.</summary>
    public float ProfileWeight { get; init; } = DefaultProfileWeight;
    public float EmbeddingPairWeight { get; init; } = EmbeddingPairScorer.DefaultEmbeddingWeight;

    public const float DefaultComplementWeight = 1f;
    public const float DefaultProfileWeight = 1f;

    public string Component => Item2VecModel.Component;

    public BundleSignals Load(ModelReader reader, ItemCatalog catalog) => For(Item2VecModel.Load(reader), catalog);

    /// <summary>Signals from a trained (or loaded) model whose items are <paramref name="catalog"/>'s, in the same order.</summary>
    public BundleSignals For(Item2VecModel model, ItemCatalog catalog)
    {
        if (!model.ItemIds.AsSpan().SequenceEqual(catalog.Ids))
            throw new DataException("the item2vec component was trained on other items than the bundles catalog; train both in one run", field: "item2vec");
        var sources = new List<ICandidateSource>();
        if (ComplementWeight > 0)
            sources.Add(new EmbeddingComplementSource(model) { Weight = ComplementWeight });
        if (ProfileWeight > 0)
            sources.Add(new EmbeddingProfileSource(model) { Weight = ProfileWeight });
        return new BundleSignals
        {
            Component = Component,
            Sources = sources,
            // Always wrapped, even at weight 0: the embedding substitute measure vetoes pairs either way.
            PairScorer = p => new EmbeddingPairScorer(p, model) { EmbeddingWeight = EmbeddingPairWeight },
        };
    }
}
