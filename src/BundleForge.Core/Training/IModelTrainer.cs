namespace BundleForge.Training;

/// <summary>Trains one model into the model folder being written; made by <see cref="IModelOptions.CreateTrainer"/>
/// with its typed settings.</summary>
public interface IModelTrainer
{
    /// <summary>Trains on the context's dataset, writes the component through the context's writer and returns what
    /// training measured. Long trainers stop with <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellation"/> fires.</summary>
    ModelReport Train(TrainingContext context, CancellationToken cancellation);
}
