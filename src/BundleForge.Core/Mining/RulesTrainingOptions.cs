namespace BundleForge.Mining;

/// <summary>Settings for training the <c>rules</c> model component.</summary>
public sealed record RulesTrainingOptions
{
    public required int MinCount { get; init; }
    public double MinConfidence { get; init; } = 0.1;
    public double MinLift { get; init; }
    /// <summary>Rules kept per antecedent (0: all).</summary>
    public int TopPerAntecedent { get; init; } = 20;
    public int MaxSize { get; init; } = int.MaxValue;
    /// <summary>Partners kept per item in the co-occurrence table.</summary>
    public int NeighborsPerItem { get; init; } = 100;
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
