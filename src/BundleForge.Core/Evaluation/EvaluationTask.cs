namespace BundleForge.Evaluation;

/// <summary>Base of the evaluation tasks: the typed <c>Evaluate</c> behind <see cref="IEvaluationTask"/>.</summary>
public abstract class EvaluationTask<TOptions, TResult> : IEvaluationTask
    where TOptions : EvaluationOptions, new()
    where TResult : EvaluationResult
{
    /// <summary>The name <c>evaluate --task</c> takes.</summary>
    public abstract string Name { get; }

    public EvaluationOptions DefaultOptions => new TOptions();

    /// <summary>Runs the task on the context's model and data.</summary>
    public abstract TResult Evaluate(EvaluationContext context, TOptions options);

    EvaluationResult IEvaluationTask.Evaluate(EvaluationContext context, EvaluationOptions options) =>
        Evaluate(context, options as TOptions
                          ?? throw new ArgumentException($"The {Name} task takes {typeof(TOptions).Name}, not {options.GetType().Name}.", nameof(options)));
}
