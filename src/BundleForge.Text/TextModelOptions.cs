using BundleForge.Embeddings;
using BundleForge.Evaluation.ColdItems;
using BundleForge.Training;

namespace BundleForge.Text;

/// <summary>Settings of the <c>text</c> model: item text vectors from the pretrained sentence encoder, computed in
/// batches at training time and reused for items whose text did not change since the model folder was last written.</summary>
public sealed record TextModelOptions : IModelOptions
{
    /// <summary>Texts per encoder call (similar lengths are batched together).</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>Run one batch per thread at once on single-threaded session runs instead of one batch at a time on all
    /// threads (<see cref="TextEncoder.ParallelBatches"/>; the vectors are the same either way).</summary>
    public bool ParallelBatches { get; init; } = true;
    /// <summary>Reuse the vectors of the previous model folder at the output path for items whose text and encoder
    /// are unchanged.</summary>
    public bool Reuse { get; init; } = true;

    /// <summary>Days at the end of the training data the new-item rule (<see cref="NewItemBlend"/>) is chosen on.</summary>
    public int ValidationDays { get; init; } = NewItemBlendSearch.DefaultValidationDays;

    /// <summary>True: when item2vec is trained in the same run, the new-item rule is chosen on its vectors.</summary>
    public bool ReadsOtherComponents => true;

    /// <summary>The component the model writes (<c>text</c>).</summary>
    public string Component => ItemTextVectors.Component;

    /// <summary>The trainer of the text vectors with these settings.</summary>
    public IModelTrainer CreateTrainer() => new TextModelTrainer(this);

    /// <summary>Throws a <see cref="DataException"/> naming the setting that cannot train.</summary>
    public void Validate()
    {
        if (BatchSize is < 1 or > 4096)
            throw new DataException($"Text.BatchSize must be between 1 and 4096, not {BatchSize}.", field: "Text.BatchSize");
        if (ValidationDays < 1)
            throw new DataException($"Text.ValidationDays must be at least 1, not {ValidationDays}.", field: "Text.ValidationDays");
    }
}
