namespace BundleForge.Evaluation;

/// <summary>One task <c>evaluate --task</c> can run (basket-completion, next-item, bundle-ranking, next-basket,
/// cold-items): its own options record in, its own result record out.</summary>
public interface IEvaluationTask
{
    /// <summary>The name <c>evaluate --task</c> takes.</summary>
    string Name { get; }

    /// <summary>The task's options with every default, of the type <see cref="Evaluate"/> takes.</summary>
    EvaluationOptions DefaultOptions { get; }

    /// <summary>Runs the task on the context's model and data; <paramref name="options"/> must be the task's own
    /// options type.</summary>
    EvaluationResult Evaluate(EvaluationContext context, EvaluationOptions options);
}
