using BundleForge.Artifacts;
using BundleForge.Bundles.Candidates;
using BundleForge.Data;
using BundleForge.Embeddings;

namespace BundleForge.Bundles.Engine;

/// <summary>The <c>text</c> component (item text vectors computed by BundleForge.Text's sentence encoder) as bundle
/// signals: its closeness in text joins the co-purchase facts in the composer's substitute veto
/// (<see cref="TextPairScorer"/>). The vectors are plain numbers, so every host reads them without the encoder.</summary>
public sealed class TextBundleSignals : IBundleSignalLoader
{
    public string Component => ItemTextVectors.Component;

    public BundleSignals Load(ModelReader reader, ItemCatalog catalog) => For(ItemTextVectors.Load(reader, catalog));

    /// <summary>Signals from vectors whose rows are the catalog's items in its order.</summary>
    public BundleSignals For(ItemTextVectors vectors) => new()
    {
        Component = Component,
        PairScorer = p => new TextPairScorer(p, vectors),
    };
}
