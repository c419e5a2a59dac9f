using BundleForge.Artifacts;
using BundleForge.Bundles.Engine;
using BundleForge.Data;

namespace BundleForge.Neural;

/// <summary>A sequence model component (<c>sasrec</c> or <c>bert4rec</c>) of a model folder as bundle-engine signals:
/// its next-item scores as a candidate source.</summary>
public sealed class SequenceBundleSignals(string component = "sasrec") : IBundleSignalLoader
{
    public string Component => component;

    public float Weight { get; init; } = SequenceCandidateSource.DefaultWeight;

    public BundleSignals Load(ModelReader reader, ItemCatalog catalog)
    {
        var (net, ids) = SequenceModelArtifact.Read(reader, component);
        return For(new SequenceScorer(net, ids), catalog);
    }

    /// <summary>Signals from a loaded or freshly trained scorer.</summary>
    public BundleSignals For(SequenceScorer scorer, ItemCatalog catalog) => new()
    {
        Component = component,
        Sources = [new SequenceCandidateSource(scorer, catalog, component) { Weight = Weight }],
    };
}
