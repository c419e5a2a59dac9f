using BundleForge.Data;
using BundleForge.Mining;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>Frequently-bought-together from the <c>rules</c> component (mined co-occurrence table with its own
/// scoring), with category then popularity fallbacks in relaxed mode. Outranks the baseline's FBT when present.</summary>
public sealed class RulesComponent(RulesModel model, ItemCatalog catalog) : IFrequentlyBoughtTogether
{
    private readonly FrequentlyBoughtTogether _fbt = model.CreateFbt(null,
        [new CategoryFallback(catalog.Categories, model.Cooccurrence.ItemCounts), new PopularityFallback(model.Cooccurrence.ItemCounts)]);

    public string Name => RulesModel.Component;

    /// <summary>The mined rules and co-occurrence table this component serves from.</summary>
    public RulesModel Model => model;

    public IReadOnlyList<Suggestion> Together(ReadOnlySpan<int> cart, int k, TogetherMode mode)
    {
        return Suggestion.Of(_fbt.Recommend(cart, k, mode == TogetherMode.Strict ? FbtMode.Strict : FbtMode.Relaxed));
    }
}
