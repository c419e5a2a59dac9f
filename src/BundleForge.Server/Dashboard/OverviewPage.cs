using System.Globalization;
using BundleForge.Reports;
using static BundleForge.Reports.ReportLayout;

namespace BundleForge.Server.Dashboard;

/// <summary><c>/</c>: what is served, the data it learned from and how it was cleaned.</summary>
internal static class OverviewPage
{
    public static IResult Render(DashboardModel model) => DashboardPage.Render(model, "Overview", "/", sb =>
    {
        var m = model.Served;
        var inv = CultureInfo.InvariantCulture;
        sb.Append("<section id=\"served\"><h2>What the server is serving</h2><div class=\"cards\">");
        Card(sb, "model version", m.Version);
        Card(sb, "trained", m.Reader.Manifest.CreatedUtc.ToString("yyyy-MM-dd HH:mm", inv) + " UTC");
        Card(sb, "products in the catalog", m.Catalog.Count.ToString("N0", inv));
        Card(sb, "customer profiles", m.Baseline.Model.Profiles.Count.ToString("N0", inv));
        Card(sb, "bundle engine", m.BundleOffers is null ? "not trained" : "on");
        sb.Append("</div></section>");
        ReportSections.Overview(sb, model.Summary);
        ReportSections.Cleaning(sb, model.Summary);
    });
}
