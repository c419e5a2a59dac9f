namespace BundleForge.Mining;

/// <summary>A rule <c>antecedent ⇒ consequent</c> with the counts it was computed from and the usual interest
/// measures. Item arrays hold dense ids, sorted ascending.</summary>
public sealed class AssociationRule(int[] antecedent, int[] consequent, int count, int antecedentCount, int consequentCount, int transactions)
{
    public int[] Antecedent { get; } = antecedent;
    public int[] Consequent { get; } = consequent;
    /// <summary>Baskets holding antecedent and consequent together.</summary>
    public int Count { get; } = count;
    public int AntecedentCount { get; } = antecedentCount;
    public int ConsequentCount { get; } = consequentCount;
    public int Transactions { get; } = transactions;

    /// <summary>P(A ∪ C).</summary>
    public double Support => (double)Count / Transactions;
    /// <summary>P(C | A).</summary>
    public double Confidence => (double)Count / AntecedentCount;
    /// <summary>P(C | A) / P(C): above 1 the items attract each other.</summary>
    public double Lift => Confidence * Transactions / ConsequentCount;
    /// <summary>P(A ∪ C) − P(A)·P(C).</summary>
    public double Leverage => Support - (double)AntecedentCount / Transactions * ((double)ConsequentCount / Transactions);
    /// <summary>(1 − P(C)) / (1 − P(C | A)); infinite for a rule that never fails.</summary>
    public double Conviction => Count == AntecedentCount
        ? double.PositiveInfinity
        : (1.0 - (double)ConsequentCount / Transactions) / (1.0 - Confidence);
}
