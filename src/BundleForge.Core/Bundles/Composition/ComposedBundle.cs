using BundleForge.Bundles.Candidates;

namespace BundleForge.Bundles.Composition;

/// <summary>A bundle chosen by <see cref="BundleComposer"/>, before pricing: its items (sorted dense ids), the scores
/// that ranked it and the evidence behind each pair.</summary>
public sealed class ComposedBundle
{
    public required int[] Items { get; init; }
    /// <summary>Composite score the beam search ranked by.</summary>
    public required float Score { get; init; }
    /// <summary>Mean relevance of the items to the user, 0–1.</summary>
    public required float Relevance { get; init; }
    /// <summary>Mean pairwise complementarity, 0–1.</summary>
    public required float Complementarity { get; init; }
    /// <summary>Mean co-purchase confidence across pairs: the base propensity evidence for acceptance at list price.</summary>
    public required float Propensity { get; init; }
    public required double ListPrice { get; init; }
    public required double Cost { get; init; }
    public required bool HasOverstockedItem { get; init; }
    /// <summary>Evidence for every pair inside the bundle.</summary>
    public required (int A, int B, PairEvidence Evidence)[] Pairs { get; init; }
    /// <summary>Per item: the signal that proposed it and its evidence.</summary>
    public required (string Source, SignalEvidence Evidence)[] ItemSources { get; init; }
    /// <summary>False for bundles built without any personal signal (unknown visitors).</summary>
    public required bool Personalised { get; init; }

    /// <summary>True when the item at <paramref name="index"/> of <see cref="Items"/> is a new product (no sales
    /// history: proposed from its text, <see cref="EvidenceKind.NewProduct"/>, or marked in <see cref="New"/>).</summary>
    public bool IsNewAt(int index) => ItemSources[index].Evidence.Kind == EvidenceKind.NewProduct || (index < New.Length && New[index]);

    /// <summary>Per item, true for a new product whichever source proposed it (empty: only the evidence tells).</summary>
    public bool[] New { get; init; } = [];

    /// <summary>Margin at list price: (Σ list − Σ cost) / Σ list.</summary>
    public double ListMargin => ListPrice > 0 ? (ListPrice - Cost) / ListPrice : 0;
}
