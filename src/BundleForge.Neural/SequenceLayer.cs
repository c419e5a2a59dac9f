namespace BundleForge.Neural;

/// <summary>The Transformer block a sequence network stacks.</summary>
public enum SequenceLayer
{
    /// <summary>Pre-layer-norm block with plain residual connections and a GELU feed-forward layer
    /// (<see cref="TransformerBlock"/>).</summary>
    SasRec,
    /// <summary>LiGR (LinkedIn's "From Features to Transformers", used by eSASRec): pre-layer-norm, each sub-layer's
    /// output scaled by a learned sigmoid gate of its normalised input before the residual sum, and a SwiGLU
    /// feed-forward layer (<see cref="LigrBlock"/>).</summary>
    Ligr,
}
