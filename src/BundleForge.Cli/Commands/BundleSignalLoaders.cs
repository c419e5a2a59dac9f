using BundleForge.Bundles.Engine;
using BundleForge.Neural;

namespace BundleForge.Cli.Commands;

/// <summary>The bundle-engine signal loaders the CLI's offline commands add to the core's own (item2vec): the SASRec
/// next-item scores, which the core cannot reference. (<c>serve</c> does not use these: the server registers the same
/// signals itself.)</summary>
internal static class BundleSignalLoaders
{
    public static IBundleSignalLoader[] All => [new SequenceBundleSignals("sasrec")];
}
