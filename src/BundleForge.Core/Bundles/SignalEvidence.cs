namespace BundleForge.Bundles;

/// <summary>Why a signal proposed an item, as data: what kind of evidence and the item or group it refers to. The
/// explanation words it (<c>BundleExplanation</c>) and adds the signal's name once; a piece of evidence whose subject
/// is missing (a seed item the catalog cannot name, an empty category) is left out rather than worded with a gap.</summary>
/// <param name="Kind">The kind of evidence (<see cref="EvidenceKind.None"/>: the signal gave none).</param>
/// <param name="Seed">The item the evidence refers to (the item it is bought with, the purchase it follows, the
/// customer's item a new product is close to), or -1.</param>
/// <param name="Group">The category the evidence refers to, for <see cref="EvidenceKind.BuysCategory"/>.</param>
/// <param name="Count">How many times, for <see cref="EvidenceKind.BoughtBefore"/>.</param>
public readonly record struct SignalEvidence(EvidenceKind Kind, int Seed = -1, string? Group = null, int Count = 0)
{
    /// <summary>No evidence.</summary>
    public static SignalEvidence None => default;

    /// <summary>True when the signal gave evidence.</summary>
    public bool HasEvidence => Kind != EvidenceKind.None;
}

/// <summary>The kinds of <see cref="SignalEvidence"/>.</summary>
public enum EvidenceKind
{
    /// <summary>No evidence.</summary>
    None,
    /// <summary>Often bought in the same orders as <see cref="SignalEvidence.Seed"/> (co-purchase statistics).</summary>
    BoughtWith,
    /// <summary>A complement of <see cref="SignalEvidence.Seed"/> by an embedding model.</summary>
    Complements,
    /// <summary>Close to the user's taste profile (an embedding of what they bought).</summary>
    CloseToProfile,
    /// <summary>A popular item of a category (<see cref="SignalEvidence.Group"/>) the user buys often.</summary>
    BuysCategory,
    /// <summary>The user bought the item itself before (<see cref="SignalEvidence.Count"/> times).</summary>
    BoughtBefore,
    /// <summary>One of the shop's best sellers.</summary>
    BestSeller,
    /// <summary>A sequence model's likely next purchase after the user's recent ones.</summary>
    LikelyNext,
    /// <summary>A new product (no or few sales) placed from its text, close to <see cref="SignalEvidence.Seed"/>, one of
    /// the customer's items.</summary>
    NewProduct,
}
