using BundleForge.Reports;

namespace BundleForge.Server.Dashboard;

/// <summary><c>/rules</c>: the association rules as a network of the strongest links and a searchable, sortable
/// table (<c>?q=</c> pre-fills the search).</summary>
internal static class RulesPage
{
    public static IResult Render(DashboardModel model, string? query) => DashboardPage.Render(model, "Product links", "/rules", sb =>
    {
        // The served rules component was checked to share the catalog's dense ids.
        ReportSections.Rules(sb, model.Rules, model.NameOf, model.LinkOf, maxRules: 500, filter: query ?? "");
    });
}
