using BundleForge.Artifacts;
using BundleForge.Data;

namespace BundleForge.Server.Serving;

/// <summary>What a component factory gets: the verified model folder and the item catalog every component shares
/// (dense item ids are the same across the components of one model folder), when background work must stop, and where
/// to put native resources the loaded version owns. Settings a factory needs come through its constructor.</summary>
public sealed record ModelLoadContext(ModelReader Reader, ItemCatalog Catalog)
{
    /// <summary>Cancelled when the version is replaced (reload, erasure) or its load fails: background work of a
    /// component (a warm-up) stops then.</summary>
    public CancellationToken Retired { get; init; }

    /// <summary>Native resources of the version (TorchSharp modules): disposed once it is no longer served and no
    /// request uses it, each once even when several components added it.</summary>
    public ICollection<IDisposable> Owned { get; init; } = new HashSet<IDisposable>(ReferenceEqualityComparer.Instance);
}
