using BundleForge.Artifacts;
using BundleForge.Bundles.Engine;
using BundleForge.Data;
using BundleForge.Neural;

namespace BundleForge.Server.Components;

/// <summary>The <c>sasrec</c> component's next-item scores as bundle-engine candidates. The network is the one the
/// served recommender uses (one per model folder reader), owned by the loaded version (<paramref name="owned"/>);
/// without libtorch the bundle engine is reported unavailable rather than served with other signals than it was trained
/// with.</summary>
internal sealed class SasRecBundleSignals(Action? ensureRuntime, ICollection<IDisposable> owned) : IBundleSignalLoader
{
    public string Component => SasRecRecommender.Component;

    public BundleSignals Load(ModelReader reader, ItemCatalog catalog)
    {
        TorchAvailability.Ensure(ensureRuntime);
        var (network, ids) = SequenceModelArtifact.Read(reader, Component);
        owned.Add(network);
        return new SequenceBundleSignals(Component).For(new SequenceScorer(network, ids), catalog);
    }
}
