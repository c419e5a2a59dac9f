
namespace BundleForge.Data;

/// <summary>A cleaned dataset with dense integer ids: the catalog, users, every kept event, purchase baskets and
/// per-user sequences. Every trainer and evaluator reads this.</summary>
public sealed class Dataset
{
    private UserSequences? _sequences;

    public required ItemCatalog Items { get; init; }
    public required UserTable Users { get; init; }
    public required InteractionTable Interactions { get; init; }
    public required BasketSet Baskets { get; init; }
    public required CleaningReport Report { get; init; }
    /// <summary>Predefined bundles and user–bundle interactions, when the input has them.</summary>
    public BundleCatalog? Bundles { get; init; }
    /// <summary>The input format name (canonical, online-retail, fimi, ...).</summary>
    public required string Format { get; init; }
    /// <summary>True when the timestamps are real times, false when they are only orderings (fimi, seqrec, sasrec).</summary>
    public required bool HasRealTime { get; init; }
    /// <summary>SHA-256 over the dense data, so a model can tell which data it was trained on.</summary>
    public string Fingerprint => _fingerprint ??= DatasetFingerprint.Compute(this);
    private string? _fingerprint;

    /// <summary>Each user's purchases in time order.</summary>
    public UserSequences Sequences => _sequences ??= UserSequences.FromInteractions(Interactions, Users.Count);
}
