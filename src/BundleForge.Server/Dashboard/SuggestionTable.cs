using System.Globalization;
using System.Text;
using BundleForge.Server.Serving;
using static BundleForge.Reports.ReportLayout;

namespace BundleForge.Server.Dashboard;

/// <summary>A table of suggested items (frequently bought together, recommendations) with the evidence behind each,
/// in words a merchant reads.</summary>
internal static class SuggestionTable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Render(StringBuilder sb, DashboardModel model, IReadOnlyList<Suggestion> items, string id)
    {
        if (items.Count == 0)
        { sb.Append("<p>Nothing to suggest.</p>"); return; }
        sb.Append($"<div class=\"hscroll\"><table id=\"{E(id)}\"><thead><tr><th>product</th><th class=\"num\">price</th><th>why</th><th class=\"num\">orders together</th><th class=\"num\">confidence</th><th class=\"num\">lift</th></tr></thead><tbody>");
        foreach (var s in items)
        {
            sb.Append($"<tr><td><a href=\"{E(model.LinkOf(s.Item))}\">{E(model.NameOf(s.Item))}</a>");
            // A product with no or few purchases placed from its text: the merchant should see it is untested.
            if (s.Source == INewItems.Source)
                sb.Append(" <span class=\"badge new\" title=\"few or no purchases yet: placed because its text is close to what this customer buys\">new</span>");
            sb.Append("</td>");
            sb.Append($"<td class=\"num\">{E(model.Money(model.Catalog.Price[s.Item]))}</td><td>{E(Why(s))}</td>");
            bool co = s.CoPurchases > 0;
            sb.Append($"<td class=\"num\">{(co ? s.CoPurchases.ToString("N0", Inv) : "")}</td><td class=\"num\">{(co ? s.Confidence.ToString("P0", Inv) : "")}</td><td class=\"num\">{(co ? s.Lift.ToString("0.0", Inv) + "×" : "")}</td></tr>");
        }
        sb.Append("</tbody></table></div>");
    }

    // Fallbacks and recommenders name their sources ("fallback-category", "fallback-popularity", "popular", "sasrec" ...): read the intent.
    private static string Why(Suggestion s) =>
        s.Source == Suggestion.CoPurchase || s.CoPurchases > 0 ? "bought together"
        : s.Source == INewItems.Source ? "new product, close in text to these purchases"
        : s.Source.Contains("category", StringComparison.OrdinalIgnoreCase) ? "popular in the same category (few orders together)"
        : s.Source.Contains("popular", StringComparison.OrdinalIgnoreCase) ? "popular overall (few orders together)"
        : s.Source.Replace('-', ' ');
}
