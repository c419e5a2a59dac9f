using System.Text.Json.Serialization;

namespace BundleForge.Neural;

/// <summary>The architecture of a sequence Transformer: everything needed to rebuild the network before loading its
/// weights. Token 0 is padding, token <c>i + 1</c> is dense item <c>i</c>, token <c>ItemCount + 1</c> the mask.</summary>
public sealed record SequenceModelConfig
{
    /// <summary>Bumped when the meaning of a field or of the weights file changes.</summary>
    public int FormatVersion { get; init; } = 1;
    [JsonConverter(typeof(JsonStringEnumConverter<SequenceModelKind>))]
    public SequenceModelKind Kind { get; init; } = SequenceModelKind.SasRec;
    public int ItemCount { get; init; }
    public int MaxLength { get; init; } = 50;
    public int Dim { get; init; } = 64;
    public int Blocks { get; init; } = 2;
    public int Heads { get; init; } = 2;
    public double Dropout { get; init; } = 0.3;
    /// <summary>The block stacked (format version 3 when not <see cref="SequenceLayer.SasRec"/>).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<SequenceLayer>))]
    public SequenceLayer Layer { get; init; } = SequenceLayer.SasRec;
    /// <summary>Side-feature slots per item (<see cref="ItemFeatureTable"/>); 0 = item embeddings only.</summary>
    public int ItemFeatureSlots { get; init; }
    /// <summary>Feature ids including 0 (none) when <see cref="ItemFeatureSlots"/> is positive.</summary>
    public int ItemFeatureVocabulary { get; init; }

    /// <summary>Whether the model's scores rank the user's own past items last (<see cref="SequenceHistoryRule"/>),
    /// decided when it was trained; null in folders written before the rule existed, which evaluation reads as kept
    /// and serving as masked (what each did then). Older builds ignore the field.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? MaskHistory { get; init; }

    /// <summary>The newest format this build reads: 2 added item side features, 3 the LiGR layer.</summary>
    public const int CurrentFormatVersion = 3;

    /// <summary>Token vocabulary: padding, the items and (for BERT4Rec) the mask token.</summary>
    [JsonIgnore] public int Vocabulary => ItemCount + 2;
    [JsonIgnore] public long MaskToken => ItemCount + 1;
    [JsonIgnore] public bool Causal => Kind == SequenceModelKind.SasRec;

    /// <summary>Throws <see cref="DataException"/> for sizes the network cannot be built with.</summary>
    public void Validate()
    {
        if (ItemCount < 2)
            throw new DataException($"A sequence model needs at least 2 items; the data has {ItemCount}.");
        if (MaxLength < 2 || MaxLength > 4096)
            throw new DataException($"--max-len must be between 2 and 4096, not {MaxLength}.");
        if (Dim < 4 || Dim > 4096)
            throw new DataException($"--dim must be between 4 and 4096, not {Dim}.");
        if (Blocks < 1 || Blocks > 48)
            throw new DataException($"--blocks must be between 1 and 48, not {Blocks}.");
        if (Heads < 1 || Dim % Heads != 0)
            throw new DataException($"--heads must divide --dim ({Dim}); got {Heads}.");
        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout))
            throw new DataException($"--dropout must be in [0, 1), not {Dropout}.");
        if (!Enum.IsDefined(Layer))
            throw new DataException($"Unknown sequence layer {(int)Layer}.");
        if (ItemFeatureSlots < 0 || (ItemFeatureSlots > 0 && ItemFeatureVocabulary < 2))
            throw new DataException($"Item features need at least one slot and two feature ids; got {ItemFeatureSlots} slots, {ItemFeatureVocabulary} ids.");
    }
}
