using BundleForge.Data;

namespace BundleForge.Training;

/// <summary>The settings of one model a <see cref="TrainingPlan"/> trains: the component it writes, whether the values
/// can train, and the trainer that builds it (so the pipeline needs to know no model, the neural ones included).</summary>
public interface IModelOptions
{
    /// <summary>The component folder the model writes (<c>baseline</c>, <c>rules</c>, <c>item2vec</c>, ...).</summary>
    string Component { get; }

    /// <summary>True when the model reads which components were trained before it in the same run (the bundle engine
    /// plugs in their signals), so the pipeline trains it after all the others.</summary>
    bool ReadsOtherComponents => false;

    /// <summary>True when the pipeline leaves this model out of a run on <paramref name="data"/> without a word: a model
    /// in a default list that such data cannot train (the next-basket ranker on data without order times). A model the
    /// caller asked for by name returns false and fails with a clear error instead.</summary>
    bool IsOffFor(Dataset data) => false;

    /// <summary>Throws a <see cref="DataException"/> whose message names the option as the library spells it
    /// (<c>Item2Vec.Dimensions</c>) for a value that cannot train.</summary>
    void Validate();

    /// <summary>The trainer of this model with these settings.</summary>
    IModelTrainer CreateTrainer();
}
