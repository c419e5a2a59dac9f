using BundleForge.Data;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Api;

/// <summary>A suggested item as the API returns it. Co-purchase evidence is present only for co-purchase results.
/// <c>source</c> <c>new</c> marks a product with no or few purchases placed from its text (its score is its text
/// closeness to the customer's items or the cart).</summary>
public sealed record ItemView(string ItemId, string? Title, double? Price, double Score, string Source, int? CoPurchases, double? Confidence, double? Lift)
{
    public static ItemView From(Suggestion s, ItemCatalog catalog)
    {
        float p = catalog.Price[s.Item];
        bool co = s.CoPurchases > 0;
        return new ItemView(catalog.Ids[s.Item], catalog.Titles[s.Item], float.IsNaN(p) ? null : Math.Round(p, 2), s.Score, s.Source,
            co ? s.CoPurchases : null, co ? Math.Round(s.Confidence, 4) : null, co ? Math.Round(s.Lift, 3) : null);
    }

    public static List<ItemView> From(IReadOnlyList<Suggestion> list, ItemCatalog catalog)
    {
        var result = new List<ItemView>(list.Count);
        foreach (var s in list)
            result.Add(From(s, catalog));
        return result;
    }
}
