using BundleForge.Artifacts;
using BundleForge.Evaluation.NextItem;

namespace BundleForge.Neural;

/// <summary>A sequence model component (<c>sasrec</c> or <c>bert4rec</c>) of a model folder as a next-item model for
/// the core's evaluation.</summary>
public sealed class SequenceNextItemLoader(string component) : INextItemModelLoader
{
    public string Component => component;

    public NextItemModel Load(ModelReader reader)
    {
        var (net, ids) = SequenceModelArtifact.Read(reader, component);
        // The evaluation owns the network it loaded, as before: it is freed when the evaluation ends.
        return new NextItemModel(new SequenceNextItemScorer(net, ownsNetwork: true), ids);
    }
}
