using BundleForge.Training;

namespace BundleForge.Embeddings;

/// <summary>Hyper-parameters of item2vec (skip-gram with negative sampling over baskets and user histories).</summary>
public sealed record Item2VecOptions : IModelOptions
{
    /// <summary>Vector dimensions.</summary>
    public int Dimensions { get; init; } = 64;
    /// <summary>Context window over a user's chronological history, and over shuffled long baskets.</summary>
    public int Window { get; init; } = 5;
    /// <summary>Negative samples per positive pair.</summary>
    public int Negatives { get; init; } = 5;
    public int Epochs { get; init; } = 10;
    /// <summary>Items seen fewer times are left out of training (they get a content vector or none).</summary>
    public int MinCount { get; init; } = 1;
    /// <summary>Frequent-item subsampling threshold (word2vec's <c>sample</c>); 0 turns it off.</summary>
    public double Sample { get; init; } = 1e-3;
    /// <summary>Starting learning rate, decayed linearly to <see cref="MinAlpha"/> over all epochs.</summary>
    public float Alpha { get; init; } = 0.025f;
    public float MinAlpha { get; init; } = 0.0001f;
    /// <summary>Worker threads for lock-free (Hogwild) SGD; 1 with <see cref="Deterministic"/> gives identical vectors per seed.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    public int Seed { get; init; } = 42;
    /// <summary>Single-threaded, reproducible training: the same seed and data give bit-identical vectors.</summary>
    public bool Deterministic { get; init; }
    /// <summary>Baskets up to this size (default: window + 1) use every other item as context; longer baskets are shuffled each epoch
    /// and read with <see cref="Window"/> (keeps the cost linear in basket size).</summary>
    public int BasketContextLimit { get; init; } = 6;
    /// <summary>Train on the items of each purchase basket.</summary>
    public bool UseBaskets { get; init; } = true;
    /// <summary>Train on each user's chronological purchase history (windowed).</summary>
    public bool UseHistories { get; init; } = true;

    /// <summary>Catalogs with at least this many items with a vector get an HNSW index, built at training time and saved
    /// in the model folder (<c>index.hnsw</c>); smaller catalogs use the exact index, which is fast enough there.</summary>
    public int ApproximateIndexFromItems { get; init; } = 100_000;

    /// <summary>The component item2vec writes.</summary>
    public string Component => Item2VecModel.Component;

    /// <summary>Throws a <see cref="DataException"/> naming the setting that cannot train.</summary>
    public void Validate()
    {
        if (Dimensions is < 1 or > 4096)
            throw Invalid(nameof(Dimensions), $"must be between 1 and 4096, not {Dimensions}");
        if (Window < 1)
            throw Invalid(nameof(Window), $"must be at least 1, not {Window}");
        if (Negatives < 1)
            throw Invalid(nameof(Negatives), $"must be at least 1, not {Negatives}");
        if (Epochs < 1)
            throw Invalid(nameof(Epochs), $"must be at least 1, not {Epochs}");
        if (MinCount < 1)
            throw Invalid(nameof(MinCount), $"must be at least 1, not {MinCount}");
        if (!(Sample >= 0))
            throw Invalid(nameof(Sample), $"must not be negative, not {Sample}");
        if (!(Alpha > 0))
            throw Invalid(nameof(Alpha), $"must be positive, not {Alpha}");
        if (!(MinAlpha >= 0) || MinAlpha > Alpha)
            throw Invalid(nameof(MinAlpha), $"must be between 0 and Item2Vec.Alpha ({Alpha}), not {MinAlpha}");
        if (Threads < 1)
            throw Invalid(nameof(Threads), $"must be at least 1, not {Threads}");
        if (BasketContextLimit < 2)
            throw Invalid(nameof(BasketContextLimit), $"must be at least 2, not {BasketContextLimit}");
        if (ApproximateIndexFromItems < 1)
            throw Invalid(nameof(ApproximateIndexFromItems), $"must be at least 1 item, not {ApproximateIndexFromItems}");
        if (!UseBaskets && !UseHistories)
            throw new DataException("Item2Vec.UseBaskets or Item2Vec.UseHistories must be on: item2vec needs baskets or histories to train on.", field: "Item2Vec.UseBaskets");
    }

    /// <summary>The trainer of item2vec with these settings.</summary>
    public IModelTrainer CreateTrainer() => new Item2VecModelTrainer(this);

    private static DataException Invalid(string option, string rule) =>
        new($"Item2Vec.{option} {rule}.", field: "Item2Vec." + option);
}
