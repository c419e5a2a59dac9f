namespace BundleForge.Cli.Evaluation;

/// <summary>Every task <c>evaluate</c> knows.</summary>
internal static class EvaluationTasks
{
    public static IReadOnlyList<IEvaluationTask> All { get; } =
    [
        new BasketCompletionTask(),
        new NextItemTask(),
        new BundleRankingTask(),
    ];
}
