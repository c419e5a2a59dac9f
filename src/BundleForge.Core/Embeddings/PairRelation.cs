namespace BundleForge.Embeddings;

/// <summary>How two items relate for bundling.</summary>
public enum PairRelation : byte
{
    /// <summary>Not enough evidence either way.</summary>
    Unrelated = 0,
    /// <summary>Bought together beyond chance: good bundle partners.</summary>
    Complement = 1,
    /// <summary>Similar or same leaf category, yet bought together less than chance: alternatives, not a bundle.</summary>
    Substitute = 2,
}
