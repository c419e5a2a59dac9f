namespace BundleForge.Neural;

/// <summary>Where the negatives of the sampled softmax (<see cref="SequenceLoss.Sampled"/>) are drawn from.</summary>
public enum SequenceNegativeSampling
{
    /// <summary>Every item equally likely.</summary>
    Uniform,
    /// <summary>In proportion to the item's training count^0.75 (as item2vec draws them): popular items, the ones
    /// the model most needs to push down, come up far more often. Pair it with the logQ correction, or the model
    /// learns to under-score popular items.</summary>
    Popularity,
}
