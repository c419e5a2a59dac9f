namespace BundleForge.Bundles;

/// <summary>How much one bundle request may spend before the engine answers with what it has: a wall-clock time and a
/// number of candidate items. A request that would exceed it is not failed but answered smaller (fewer candidates,
/// smaller bundles, fewer bundles priced), and the answer says so (<see cref="Degradation"/>).</summary>
public sealed record RequestBudget
{
    /// <summary>Wall-clock time from the start of the request; null: no time limit.</summary>
    public TimeSpan? Time { get; init; }

    /// <summary>Most candidate items the composer searches (the most relevant are kept); null: no limit.</summary>
    public int? Candidates { get; init; }

    /// <summary>No limit: the engine does all the work the strategy allows.</summary>
    public static RequestBudget None { get; } = new();

    /// <summary>True when neither limit is set.</summary>
    public bool IsNone => Time is null && Candidates is null;
}
