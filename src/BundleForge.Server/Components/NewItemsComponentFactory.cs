using BundleForge.Embeddings;
using BundleForge.Server.Serving;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Components;

/// <summary>Loads new products from the <c>text</c> component when the model also has <c>item2vec</c>: each catalog
/// item with at most <see cref="NewItemsOptions.MaxPurchases"/> purchases and a text vector borrows a behaviour vector
/// from its nearest established items in text space, with the rule (<see cref="NewItemBlend"/>) chosen at training
/// time; a model without item2vec gets a component with no new products (answers unchanged).</summary>
public sealed class NewItemsComponentFactory(NewItemsOptions options) : IServingComponentFactory
{
    public string ComponentName => ItemTextVectors.Component;
    public int Priority => 6;

    public IServingComponent Load(ModelLoadContext context) =>
        new NewItemsComponent(NewProducts.Load(context.Reader, context.Catalog, options.MaxPurchases), options);
}
