namespace BundleForge.Evaluation;

/// <summary>Every evaluation task the library knows.</summary>
public static class EvaluationTasks
{
    /// <summary>The tasks in the order help lists them.</summary>
    public static IReadOnlyList<IEvaluationTask> All { get; } =
    [
        new BasketCompletionTask(),
        new NextItemTask(),
        new BundleRankingTask(),
        new NextBasketTask(),
        new ColdItemsTask(),
    ];

    /// <summary>The task called <paramref name="name"/> (any case), or null.</summary>
    public static IEvaluationTask? Find(string name)
    {
        foreach (var t in All)
            if (string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
                return t;
        return null;
    }

    /// <summary>The tasks' names, comma separated (for help and error messages).</summary>
    public static string Names => string.Join(", ", All.Select(t => t.Name));
}
