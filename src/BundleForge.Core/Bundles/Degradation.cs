namespace BundleForge.Bundles;

/// <summary>Why an answer is smaller than the engine would have made it without a <see cref="RequestBudget"/>:
/// <see cref="Reasons"/> holds <c>candidates</c> (the candidate pool was cut to the budget) and/or <c>time</c> (the
/// time ran out: larger bundle sizes were not searched or composed bundles were left unpriced); <see cref="Detail"/>
/// says what was left out in one sentence.</summary>
public sealed record Degradation(IReadOnlyList<string> Reasons, string Detail, double ElapsedMilliseconds);
