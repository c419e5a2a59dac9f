using BundleForge.Bundles.Engine;
using BundleForge.Neural;

namespace BundleForge.Cli.Commands;

/// <summary>The bundle-engine signal loaders the CLI adds to the core's own (item2vec): the SASRec next-item scores.
/// The core and the server cannot reference TorchSharp, so the host passes these in.</summary>
internal static class BundleSignalLoaders
{
    public static IBundleSignalLoader[] All => [new SequenceBundleSignals("sasrec")];
}
