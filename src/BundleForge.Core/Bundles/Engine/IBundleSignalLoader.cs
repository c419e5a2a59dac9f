using BundleForge.Artifacts;
using BundleForge.Data;

namespace BundleForge.Bundles.Engine;

/// <summary>Loads one model component (item2vec, a sequence model) from a model folder as bundle-engine signals.
/// Projects that the core library cannot reference (the TorchSharp sequence models) plug in through this.</summary>
public interface IBundleSignalLoader
{
    /// <summary>The model folder component this loader reads.</summary>
    string Component { get; }

    /// <summary>The component's signals over <paramref name="catalog"/>'s dense ids; only called when the folder has
    /// the component.</summary>
    BundleSignals Load(ModelReader reader, ItemCatalog catalog);
}
