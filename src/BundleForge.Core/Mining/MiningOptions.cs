namespace BundleForge.Mining;

/// <summary>What to mine: the absolute support threshold, the largest itemset size, threads and the memory guard.</summary>
public sealed record MiningOptions
{
    /// <summary>Minimum number of baskets that must contain an itemset (at least 1).</summary>
    public required int MinCount { get; init; }

    /// <summary>Largest itemset size to report; bounds the work on long baskets.</summary>
    public int MaxSize { get; init; } = int.MaxValue;

    /// <summary>Threads for the first-level split of FP-Growth.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Stops mining with a clear <see cref="DataException"/> before working memory exceeds this budget.
    /// Null: a guard with <see cref="MemoryGuard.DefaultBudgetBytes"/> is created per run.</summary>
    public MemoryGuard? Guard { get; init; }

    internal void Validate()
    {
        if (MinCount < 1)
            throw new DataException($"The minimum support count must be at least 1 (got {MinCount}).", field: "min-count");
        if (MaxSize < 1)
            throw new DataException($"The maximum itemset size must be at least 1 (got {MaxSize}).", field: "max-size");
        if (MaxDegreeOfParallelism < 1)
            throw new DataException("At least one thread is needed.", field: "threads");
    }
}
