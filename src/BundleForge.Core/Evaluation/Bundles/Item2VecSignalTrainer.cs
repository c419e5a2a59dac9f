using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Engine;
using BundleForge.Data;
using BundleForge.Embeddings;

namespace BundleForge.Evaluation.Bundles;

/// <summary>item2vec trained on a backtest's training baskets and per-user histories, as bundle signals with the
/// source weights under test.</summary>
public sealed class Item2VecSignalTrainer : IBacktestSignalTrainer
{
    /// <summary>Source weight of the item2vec complements.</summary>
    public float ComplementWeight { get; init; } = Item2VecBundleSignals.DefaultComplementWeight;
    /// <summary>Source weight of the profile relevance.</summary>
    public float ProfileWeight { get; init; } = Item2VecBundleSignals.DefaultProfileWeight;
    /// <summary>Weight of the embedding complement measure in pair complementarity.</summary>
    public float EmbeddingPairWeight { get; init; } = EmbeddingPairScorer.DefaultEmbeddingWeight;
    /// <summary>Seed of the training.</summary>
    public int Seed { get; init; } = 42;

    public string Component => Item2VecModel.Component;

    public BundleSignals Train(Dataset data, BasketSet train, IProgress<ProgressUpdate>? progress)
    {
        progress?.Report(new ProgressUpdate("item2vec", double.NaN, "training on the training baskets"));
        var restricted = new Dataset
        {
            Items = data.Items,
            Users = data.Users,
            Interactions = data.Interactions,
            Baskets = train,
            Report = data.Report,
            Format = data.Format,
            HasRealTime = data.HasRealTime,
        };
        // No pseudonymiser: no stored profiles (the profile source builds them from each context's history).
        var (model, _) = Item2VecModel.Train(restricted, new Item2VecOptions { Seed = Seed, Deterministic = false }, null, progress);
        return new Item2VecBundleSignals { ComplementWeight = ComplementWeight, ProfileWeight = ProfileWeight, EmbeddingPairWeight = EmbeddingPairWeight }
            .For(model, data.Items);
    }
}
