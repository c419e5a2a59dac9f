using BundleForge.Reports;

namespace BundleForge.Server.Dashboard;

/// <summary><c>/evaluation</c>: each model's metrics against its baselines, and the saved evaluation, backtest and
/// simulated-shop results of the served model.</summary>
internal static class EvaluationPage
{
    public static IResult Render(DashboardModel model) => DashboardPage.Render(model, "Evaluation", "/evaluation", sb =>
    {
        IReadOnlyList<(string, System.Text.Json.Nodes.JsonObject)> results;
        try
        { results = EvaluationResults.Load(model.Served.Directory); }
        catch (DataException e)
        {
            sb.Append($"<p class=\"note\">{ReportLayout.E(e.Message)}</p>");
            results = [];
        }
        ReportSections.Models(sb, model.Served.Reader.Manifest, results);
    });
}
