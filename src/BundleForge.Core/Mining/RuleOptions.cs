namespace BundleForge.Mining;

/// <summary>Which association rules to keep.</summary>
public sealed record RuleOptions
{
    /// <summary>Minimum confidence in [0, 1].</summary>
    public double MinConfidence { get; init; } = 0.1;
    /// <summary>Minimum lift (0 keeps all).</summary>
    public double MinLift { get; init; }
    /// <summary>Keep only the best N rules per antecedent (by confidence, then lift); 0 keeps all.</summary>
    public int TopPerAntecedent { get; init; }

    /// <summary>Throws a <see cref="DataException"/> for out-of-range settings.</summary>
    public void Validate()
    {
        if (double.IsNaN(MinConfidence) || MinConfidence < 0 || MinConfidence > 1)
            throw new DataException($"--min-confidence must be in [0, 1] (got {MinConfidence}).", field: "min-confidence");
        if (double.IsNaN(MinLift) || MinLift < 0)
            throw new DataException($"--min-lift must be 0 or more (got {MinLift}).", field: "min-lift");
        if (TopPerAntecedent < 0)
            throw new DataException($"--top-per-antecedent must be 0 or more (got {TopPerAntecedent}).", field: "top-per-antecedent");
    }
}
