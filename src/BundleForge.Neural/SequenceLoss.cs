namespace BundleForge.Neural;

/// <summary>The training loss over item scores.</summary>
public enum SequenceLoss
{
    /// <summary>Softmax cross-entropy over the whole catalog (the strongest; cost grows with the catalog).</summary>
    Full,
    /// <summary>Softmax cross-entropy over the target and a shared set of uniformly sampled negatives.</summary>
    Sampled,
    /// <summary>Binary cross-entropy with one sampled negative per position (the original SASRec loss).</summary>
    Bce,
}
