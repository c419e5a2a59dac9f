namespace BundleForge.Embeddings;

/// <summary>Hyper-parameters of item2vec (skip-gram with negative sampling over baskets and user histories).</summary>
public sealed record Item2VecOptions
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

    /// <summary>Throws a <see cref="DataException"/> for values that cannot train.</summary>
    public void Validate()
    {
        if (Dimensions is < 1 or > 4096) throw new DataException("--dim must be between 1 and 4096.", field: "dim");
        if (Window < 1) throw new DataException("--window must be at least 1.", field: "window");
        if (Negatives < 1) throw new DataException("--negatives must be at least 1.", field: "negatives");
        if (Epochs < 1) throw new DataException("--epochs must be at least 1.", field: "epochs");
        if (MinCount < 1) throw new DataException("--min-count must be at least 1.", field: "min-count");
        if (Sample < 0) throw new DataException("--sample must not be negative.", field: "sample");
        if (!(Alpha > 0) || MinAlpha < 0 || MinAlpha > Alpha) throw new DataException("The learning rate needs 0 <= min alpha <= alpha and alpha > 0.", field: "alpha");
        if (Threads < 1) throw new DataException("--threads must be at least 1.", field: "threads");
        if (BasketContextLimit < 2) throw new DataException("The basket context limit must be at least 2.", field: "basket-context-limit");
        if (ApproximateIndexFromItems < 1) throw new DataException("The approximate index threshold must be at least 1 item.", field: "approximate-index-from-items");
        if (!UseBaskets && !UseHistories) throw new DataException("item2vec needs baskets or histories to train on.");
    }
}
