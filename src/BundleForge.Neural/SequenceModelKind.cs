namespace BundleForge.Neural;

/// <summary>Which Transformer objective a sequence model is trained with.</summary>
public enum SequenceModelKind
{
    /// <summary>Causal self-attention predicting the next item at every position (Kang &amp; McAuley 2018).</summary>
    SasRec,
    /// <summary>Bidirectional self-attention predicting randomly masked items (Sun et al. 2019).</summary>
    Bert4Rec,
}
