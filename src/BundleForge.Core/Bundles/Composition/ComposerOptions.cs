namespace BundleForge.Bundles.Composition;

/// <summary>Search and scoring knobs of <see cref="BundleComposer"/>; the defaults serve a 5,000-item pool in a few
/// milliseconds.</summary>
public sealed record ComposerOptions
{
    /// <summary>Candidates asked from each source per request (the pool the search draws from).</summary>
    public int CandidatesPerSource { get; init; } = 500;
    /// <summary>Partial bundles kept per size.</summary>
    public int BeamWidth { get; init; } = 24;
    /// <summary>Bundles kept per size (at least the beam): the next beam plus the finalists the diverse answer is
    /// picked from.</summary>
    public int KeptPerSize { get; init; } = 200;
    /// <summary>Most relevant items a bundle may start from (the anchor alone when there is one).</summary>
    public int Seeds { get; init; } = 24;
    /// <summary>Most relevant items considered for extending a bundle.</summary>
    public int ExpansionPool { get; init; } = 300;
    /// <summary>Extensions tried per bundle size; when the beam is small (an anchor item) each partial bundle may
    /// look beyond <see cref="ExpansionPool"/> down to budget / beam size candidates.</summary>
    public int ExtensionBudget { get; init; } = 20_000;
    public float RelevanceWeight { get; init; } = 0.45f;
    public float ComplementWeight { get; init; } = 0.40f;
    public float MarginWeight { get; init; } = 0.15f;
    /// <summary>Score bonus for a bundle that moves an overstocked item.</summary>
    public float OverstockBonus { get; init; } = 0.05f;
    /// <summary>Pairs at or above this substitutability never share a bundle, whatever the strategy says.</summary>
    public float SubstituteThreshold { get; init; } = 0.5f;
    /// <summary>New products (no sales history, proposed from their text) a bundle may hold at most; 0 keeps them out.
    /// One by default: a bundle of two untested products would rest on no purchase at all.</summary>
    public int MaxNewItemsPerBundle { get; init; } = 1;
    /// <summary>MMR trade-off: 1 ranks by score only, lower values favour bundles that share fewer items.</summary>
    public float DiversityLambda { get; init; } = 0.7f;
}
