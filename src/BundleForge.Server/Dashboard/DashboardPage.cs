using System.Text;
using BundleForge.Reports;

namespace BundleForge.Server.Dashboard;

/// <summary>The frame of every dashboard page (the report's layout with the dashboard's navigation) and its HTTP answer.</summary>
internal static class DashboardPage
{
    private static readonly (string Href, string Label)[] Nav =
        [("/", "Overview"), ("/rules", "Product links"), ("/items", "Products"), ("/users", "Customers"), ("/evaluation", "Evaluation")];

    /// <summary>Renders a page: <paramref name="body"/> writes the sections between the shell's header and footer.</summary>
    public static IResult Render(DashboardModel model, string title, string current, Action<StringBuilder> body, int status = StatusCodes.Status200OK)
    {
        var sb = new StringBuilder(16 * 1024);
        var m = model.Served;
        ReportLayout.Open(sb, title, $"BundleForge dashboard · model {m.Version} · {model.Catalog.Count:N0} products · {string.Join(", ", m.Components.Select(c => c.Name))}", Nav, current);
        body(sb);
        ReportLayout.Close(sb, "Made by BundleForge. Everything on these pages comes from the model the server is serving right now.");
        return Results.Content(sb.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
