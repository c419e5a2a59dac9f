using BundleForge.Training;

namespace BundleForge.Neural;

/// <summary>Architecture and training settings of a sequence Transformer. Defaults follow what makes SASRec strong
/// on sparse retail data: full softmax cross-entropy, pre-LN blocks, strong dropout, AdamW.</summary>
public sealed record SequenceModelOptions : IModelOptions
{
    public SequenceModelKind Kind { get; init; } = SequenceModelKind.SasRec;
    public int MaxLength { get; init; } = 50;
    public int Dim { get; init; } = 64;
    public int Blocks { get; init; } = 2;
    public int Heads { get; init; } = 2;
    public double Dropout { get; init; } = 0.5;
    /// <summary>The Transformer block: SASRec's pre-LN block or LiGR's gated one.</summary>
    public SequenceLayer Layer { get; init; } = SequenceLayer.SasRec;
    public SequenceLoss Loss { get; init; } = SequenceLoss.Full;
    /// <summary>Negatives per batch for <see cref="SequenceLoss.Sampled"/>.</summary>
    public int Negatives { get; init; } = 256;
    /// <summary>Where <see cref="SequenceLoss.Sampled"/> draws its negatives from.</summary>
    public SequenceNegativeSampling NegativeSampling { get; init; } = SequenceNegativeSampling.Uniform;
    /// <summary>For <see cref="SequenceLoss.Sampled"/>: subtract ln(k·q) from each negative's logit (k negatives,
    /// q = its probability of being drawn), so that k draws stand for the whole catalog as in the full softmax and
    /// popular items are not over-penalised for being drawn often.</summary>
    public bool LogQCorrection { get; init; }
    /// <summary>For <see cref="SequenceLoss.Sampled"/>: draw <see cref="Negatives"/> for every position instead of one
    /// set shared by the batch (eSASRec's setting; costs positions × negatives item vectors per step).</summary>
    public bool NegativesPerPosition { get; init; }
    /// <summary>For <see cref="SequenceLoss.Full"/>: share ε of the target's probability spread evenly over the whole
    /// catalogue (the target is (1 − ε)·one-hot + ε/n), so the model is not pushed to ever more confident scores on
    /// sparse data (0 = off).</summary>
    public double LabelSmoothing { get; init; }
    public int Epochs { get; init; } = 200;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 1e-3;
    public double WeightDecay { get; init; } = 0.01;
    /// <summary>Whether <see cref="WeightDecay"/> also applies to the embedding tables (items, positions, features);
    /// off, only the Transformer's weights decay, so rarely seen items are not shrunk towards zero between updates.</summary>
    public bool DecayEmbeddings { get; init; } = true;
    /// <summary>Validate (and consider a new best checkpoint) every this many epochs, and after the last one; patience
    /// counts validations. Validation ranks every item for every user, costly on a big catalogue.</summary>
    public int ValidateEvery { get; init; } = 1;
    /// <summary>How the learning rate moves over the <see cref="Epochs"/> planned (early stopping may end sooner).</summary>
    public SequenceLearningRateSchedule Schedule { get; init; } = SequenceLearningRateSchedule.Constant;
    /// <summary>Training steps over which the learning rate rises linearly to <see cref="LearningRate"/> (0 = none).</summary>
    public int WarmupSteps { get; init; }
    /// <summary>Gradients are clipped to this global L2 norm (0 = no clipping).</summary>
    public double ClipNorm { get; init; } = 1.0;
    /// <summary>Whether scoring ranks the user's own past items last: learned from the validation split
    /// (<see cref="SequenceHistoryRule.Auto"/>), or fixed. The outcome is stored with the model and applied wherever it
    /// scores (test metrics, <c>evaluate</c>, serving).</summary>
    public SequenceHistoryRule History { get; init; } = SequenceHistoryRule.Auto;
    /// <summary>Stop after this many epochs without a better validation NDCG@10.</summary>
    public int Patience { get; init; } = 10;
    /// <summary>After validation chose the epochs and the history rule, train a fresh network (same seed and schedule)
    /// for the chosen epochs on each customer's items up to the test one, the validation target included, and keep
    /// that one: the served model learns from every purchase but the held-out test, at about twice the training time.
    /// Its validation figure is the selection run's.</summary>
    public bool Refit { get; init; }
    /// <summary>Stop after the epoch that passes this many minutes of training (0 = no limit); the best checkpoint
    /// so far is kept, so a time budget never loses the model.</summary>
    public double MaxMinutes { get; init; }
    /// <summary>BERT4Rec: probability that a position is masked for training.</summary>
    public double MaskProbability { get; init; } = 0.2;
    public int Seed { get; init; } = 42;
    /// <summary>libtorch intra-op threads; 0 keeps its default.</summary>
    public int Threads { get; init; }
    /// <summary>Add learned embeddings of each item's category levels, brand and price band to its embedding (helps
    /// rarely bought and new items); the catalog must have some of them.</summary>
    public bool ItemFeatures { get; init; }
    /// <summary>Evaluate on a time split instead of leave-last-out: train on purchases before the last this many days
    /// and test on each user's first order in them (needs real purchase times; 0 = leave-last-out).</summary>
    public int TestDays { get; init; }

    /// <summary>The component the model writes: <c>sasrec</c> or <c>bert4rec</c>.</summary>
    public string Component => SequenceModelArtifact.ComponentOf(Kind);

    /// <summary>How the library names this model's options in messages (<c>SasRec.Dim</c>).</summary>
    internal string OptionPrefix => Kind == SequenceModelKind.SasRec ? "SasRec" : "Bert4Rec";

    /// <summary>The trainer of this sequence model with these settings.</summary>
    public IModelTrainer CreateTrainer() => new SequenceModelTrainer(this);

    /// <summary>The network architecture these options describe for a catalog of <paramref name="itemCount"/> items,
    /// with the side features of <paramref name="itemFeatures"/> when given.</summary>
    public SequenceModelConfig ToConfig(int itemCount, ItemFeatureTable? itemFeatures = null) => new()
    {
        // Version 1 files stay readable by older builds when no features are used.
        FormatVersion = Layer != SequenceLayer.SasRec ? 3 : itemFeatures is null ? 1 : 2,
        Kind = Kind,
        ItemCount = itemCount,
        MaxLength = MaxLength,
        Dim = Dim,
        Blocks = Blocks,
        Heads = Heads,
        Dropout = Dropout,
        Layer = Layer,
        ItemFeatureSlots = itemFeatures?.Slots ?? 0,
        ItemFeatureVocabulary = itemFeatures?.Vocabulary ?? 0,
        // Auto decides after training; a fixed rule holds from the first validation on.
        MaskHistory = History switch { SequenceHistoryRule.Mask => true, SequenceHistoryRule.Keep => false, _ => null },
    };

    /// <summary>Throws a <see cref="DataException"/> naming the setting training cannot run with.</summary>
    public void Validate()
    {
        if (MaxLength is < 2 or > 4096)
            throw Invalid(nameof(MaxLength), $"must be between 2 and 4096, not {MaxLength}");
        if (Dim is < 4 or > 4096)
            throw Invalid(nameof(Dim), $"must be between 4 and 4096, not {Dim}");
        if (Blocks is < 1 or > 48)
            throw Invalid(nameof(Blocks), $"must be between 1 and 48, not {Blocks}");
        if (Heads < 1 || Dim % Heads != 0)
            throw Invalid(nameof(Heads), $"must divide {OptionPrefix}.Dim ({Dim}), not {Heads}");
        if (double.IsNaN(Dropout) || Dropout is < 0 or >= 1)
            throw Invalid(nameof(Dropout), $"must be in [0, 1), not {Dropout}");
        if (double.IsNaN(LabelSmoothing) || LabelSmoothing is < 0 or >= 1)
            throw Invalid(nameof(LabelSmoothing), $"must be in [0, 1), not {LabelSmoothing}");
        if (LabelSmoothing > 0 && Loss != SequenceLoss.Full)
            throw Invalid(nameof(LabelSmoothing), $"needs {OptionPrefix}.Loss Full (the softmax over the whole catalogue), not {Loss}");
        if (Epochs < 1)
            throw Invalid(nameof(Epochs), $"must be at least 1, not {Epochs}");
        if (BatchSize < 1)
            throw Invalid(nameof(BatchSize), $"must be at least 1, not {BatchSize}");
        if (!(LearningRate > 0))
            throw Invalid(nameof(LearningRate), $"must be positive, not {LearningRate}");
        if (!(WeightDecay >= 0))
            throw Invalid(nameof(WeightDecay), $"must not be negative, not {WeightDecay}");
        if (Patience < 1)
            throw Invalid(nameof(Patience), $"must be at least 1, not {Patience}");
        if (Negatives < 1)
            throw Invalid(nameof(Negatives), $"must be at least 1, not {Negatives}");
        if (!Enum.IsDefined(Loss))
            throw Invalid(nameof(Loss), $"must be one of {string.Join(", ", Enum.GetNames<SequenceLoss>())}, not {(int)Loss}");
        if (!Enum.IsDefined(NegativeSampling))
            throw Invalid(nameof(NegativeSampling), $"must be one of {string.Join(", ", Enum.GetNames<SequenceNegativeSampling>())}, not {(int)NegativeSampling}");
        if (!Enum.IsDefined(Layer))
            throw Invalid(nameof(Layer), $"must be one of {string.Join(", ", Enum.GetNames<SequenceLayer>())}, not {(int)Layer}");
        if (!Enum.IsDefined(History))
            throw Invalid(nameof(History), $"must be one of {string.Join(", ", Enum.GetNames<SequenceHistoryRule>())}, not {(int)History}");
        if (ValidateEvery < 1)
            throw Invalid(nameof(ValidateEvery), $"must be at least 1, not {ValidateEvery}");
        if (!Enum.IsDefined(Schedule))
            throw Invalid(nameof(Schedule), $"must be one of {string.Join(", ", Enum.GetNames<SequenceLearningRateSchedule>())}, not {(int)Schedule}");
        if (WarmupSteps < 0)
            throw Invalid(nameof(WarmupSteps), $"must not be negative, not {WarmupSteps}");
        if (!(MaskProbability is > 0 and < 1))
            throw Invalid(nameof(MaskProbability), $"must be in (0, 1), not {MaskProbability}");
        if (!(MaxMinutes >= 0))
            throw Invalid(nameof(MaxMinutes), $"must not be negative, not {MaxMinutes}");
        if (Threads < 0)
            throw Invalid(nameof(Threads), $"must not be negative, not {Threads}");
        if (TestDays < 0)
            throw Invalid(nameof(TestDays), $"must not be negative, not {TestDays}");
    }

    private DataException Invalid(string option, string rule) =>
        new($"{OptionPrefix}.{option} {rule}.", field: $"{OptionPrefix}.{option}");
}
