using BundleForge.Evaluation.NextItem;
using BundleForge.Neural;

namespace BundleForge.Cli.Evaluation;

/// <summary>The next-item models the CLI can open for <c>evaluate --task next-item</c>, in order of preference: the
/// sequence models, which the core cannot reference (TorchSharp), so the host passes them in.</summary>
internal static class NextItemModelLoaders
{
    public static INextItemModelLoader[] All => [new SequenceNextItemLoader("sasrec"), new SequenceNextItemLoader("bert4rec")];
}
