namespace BundleForge.Evaluation;

/// <summary>Options of <see cref="NextItemTask"/>.</summary>
public sealed record NextItemTaskOptions : EvaluationOptions
{
    /// <summary>The sequence model component to evaluate (<c>sasrec</c>, <c>bert4rec</c>); null: the first the model
    /// folder has, in the host's order of preference.</summary>
    public string? Component { get; init; }

    /// <summary>Rank the items of each user's history last (for the model and the popularity baseline alike), as
    /// evaluations that filter already-seen items do; off by default, the published Beauty protocol.</summary>
    public bool ExcludeHistory { get; init; }
}
