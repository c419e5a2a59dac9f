using System.Runtime.CompilerServices;
using BundleForge.Artifacts;
using BundleForge.Bundles;
using BundleForge.Bundles.Explanation;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Mining;
using BundleForge.Server.Components;
using BundleForge.Server.Models;

namespace BundleForge.Server.Dashboard;

/// <summary>What the dashboard shows beside the served components, read once per served model version from the same
/// verified folder: the data summary, the association rules and the item vectors (each taken from the served component
/// when it is loaded, read from the folder otherwise). Dropped with the version it belongs to.</summary>
internal sealed class DashboardModel
{
    private static readonly ConditionalWeakTable<ServingModel, DashboardModel> Cache = new();
    private readonly Lazy<DataSummary?> _summary;
    private readonly Lazy<RulesModel?> _rules;
    private readonly Lazy<Item2VecModel?> _embeddings;

    private DashboardModel(ServingModel model)
    {
        Served = model;
        var reader = model.Reader;
        _summary = new(() => reader.Has(DataSummary.Component) ? DataSummary.Load(reader) : null);
        _rules = new(() => model.Components.OfType<RulesComponent>().FirstOrDefault()?.Model ?? LoadRules(reader, model.Catalog));
        _embeddings = new(() => model.Components.OfType<Item2VecRecommender>().FirstOrDefault()?.Model
            ?? (reader.Has(Item2VecModel.Component) ? Item2VecModel.Load(reader) : null));
    }

    /// <summary>The rules of a model served without its rules component, when they share the catalog's item ids.</summary>
    private static RulesModel? LoadRules(ModelReader reader, ItemCatalog catalog)
    {
        if (!reader.Has(RulesModel.Component))
            return null;
        var rules = RulesModel.Load(reader);
        return rules.ItemIds.AsSpan().SequenceEqual(catalog.Ids) ? rules : null;
    }

    /// <summary>The dashboard data of a served model version (created on first use).</summary>
    public static DashboardModel Of(ServingModel model) => Cache.GetValue(model, m => new DashboardModel(m));

    public ServingModel Served { get; }
    public ItemCatalog Catalog => Served.Catalog;
    public DataSummary? Summary => _summary.Value;
    public RulesModel? Rules => _rules.Value;
    public Item2VecModel? Embeddings => _embeddings.Value;

    /// <summary>The currency (ISO 4217) every amount on the pages is in: the bundle engine's (the strategy's, else the
    /// catalog's), else the catalog's by its data format, else <see cref="CurrencyCode.Default"/>.</summary>
    public string Currency => Served.BundleOffers?.Currency ?? CurrencyCode.Resolve(null, CurrencyCode.OfFormat(Served.Reader.Manifest.DataFormat));

    /// <summary>An amount with its currency (<see cref="MoneyFormat"/>); empty for an unknown (NaN) price.</summary>
    public string Money(double amount) => double.IsNaN(amount) ? "" : MoneyFormat.Of(amount, Currency);

    /// <summary>An item's title, its id when the catalog has none.</summary>
    public string NameOf(int item) => Catalog.Titles[item] is { Length: > 0 } t ? t : Catalog.Ids[item];

    /// <summary>The dashboard page of an item.</summary>
    public string LinkOf(int item) => "/items/" + Uri.EscapeDataString(Catalog.Ids[item]);
}
