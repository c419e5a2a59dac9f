using BundleForge.Artifacts;
using BundleForge.Bundles.Candidates;
using BundleForge.Data;
using BundleForge.Embeddings;

namespace BundleForge.Bundles.Engine;

/// <summary>The <c>text</c> component (item text vectors computed by BundleForge.Text's sentence encoder) as bundle
/// signals: its closeness in text joins the co-purchase facts in the composer's substitute veto
/// (<see cref="TextPairScorer"/>), and, when the folder also has <c>item2vec</c>, new products (<see cref="NewProducts"/>)
/// are proposed from their text (<see cref="NewItemCandidateSource"/>, source <c>new</c>) with pair evidence borrowed
/// from their text neighbours (<see cref="NewItemPairScorer"/>). The vectors are plain numbers, so every host reads
/// them without the encoder.</summary>
public sealed class TextBundleSignals : IBundleSignalLoader
{
    public string Component => ItemTextVectors.Component;

    /// <summary>Propose new products for bundles (false: the substitute veto alone, as before new products joined).</summary>
    public bool NewItems { get; init; } = true;

    /// <summary>Purchases a product may have and still count as new.</summary>
    public int MaxPurchases { get; init; } = NewProducts.DefaultMaxPurchases;

    /// <summary>Least text closeness of a new product to the customer's items.</summary>
    public float MinCloseness { get; init; } = NewProducts.DefaultMinCloseness;

    public BundleSignals Load(ModelReader reader, ItemCatalog catalog)
    {
        var vectors = ItemTextVectors.Load(reader, catalog);
        if (!NewItems)
            return For(vectors);
        return For(vectors, NewProducts.Load(reader, catalog, MaxPurchases));
    }

    /// <summary>Signals from vectors whose rows are the catalog's items in its order, with <paramref name="products"/>
    /// proposed for bundles when there are any.</summary>
    public BundleSignals For(ItemTextVectors vectors, NewProducts? products = null)
    {
        if (products is null || products.Items.Length == 0)
            return new() { Component = Component, PairScorer = p => new TextPairScorer(p, vectors) };
        return new()
        {
            Component = Component,
            Sources = [new NewItemCandidateSource(products) { MinCloseness = MinCloseness }],
            PairScorer = p => new NewItemPairScorer(new TextPairScorer(p, vectors), products),
        };
    }
}
