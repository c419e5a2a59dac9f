using BundleForge.Embeddings;
using BundleForge.Evaluation.BasketCompletion;

namespace BundleForge.Evaluation;

/// <summary><c>evaluate --task basket-completion</c>: the item2vec blend against popularity, co-occurrence and
/// item2vec alone on the same hidden-item queries, item2vec retrained on the training part with the model folder's
/// parameters (see docs/EMBEDDINGS.md).</summary>
public sealed class BasketCompletionTask : EvaluationTask<BasketCompletionTaskOptions, BasketCompletionTaskResult>
{
    public override string Name => "basket-completion";

    public override BasketCompletionTaskResult Evaluate(EvaluationContext context, BasketCompletionTaskOptions options)
    {
        var item2vec = Item2VecModel.OptionsFrom(context.Model);
        var report = BasketCompletionExperiment.Run(context.Data, item2vec, options.SplitSeed, options.Holdout, options.TestDays,
            options.EmbeddingWeight, options.K, context.Progress);
        return new BasketCompletionTaskResult
        {
            Task = Name,
            Report = report,
            ModelTrainedOnSameData = context.Model.Manifest.DataFingerprint == context.Data.Fingerprint,
        };
    }
}
