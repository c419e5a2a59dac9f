using System.Globalization;
using System.Text;
using BundleForge.Artifacts;
using BundleForge.Bundles.Engine;
using BundleForge.Data;
using BundleForge.Mining;

namespace BundleForge.Reports;

/// <summary>One self-contained HTML page describing a model folder for merchants and analysts: the data it learned
/// from, the cleaning, the strongest product links (table and network) and each model's evaluation figures.
/// No external assets: charts are inline SVG, the table filter is a few lines of inline script. The sections are
/// <see cref="ReportSections"/>, shared with the served dashboard.</summary>
public static class HtmlReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The page; <paramref name="data"/>, when given, replaces the model's own data summary in the overview
    /// and cleaning sections (a report about other data than the model was trained on).</summary>
    public static string Render(ModelReader model, int maxRules = 300, DataSummary? data = null)
    {
        var m = model.Manifest;
        ItemCatalog? catalog = model.Has(CatalogComponent.Component) ? CatalogComponent.Load(model) : null;
        DataSummary? summary = data ?? (model.Has(DataSummary.Component) ? DataSummary.Load(model) : null);
        RulesModel? rules = model.Has(RulesModel.Component) ? RulesModel.Load(model) : null;
        string currency = BundleModel.CurrencyOf(model);
        string Name(int item) => catalog is not null && catalog.IndexOf(rules!.ItemIds[item]) is var i and >= 0 ? catalog.NameOf(i) : rules!.ItemIds[item];

        var sb = new StringBuilder();
        ReportLayout.Open(sb, "BundleForge report",
            $"Model {m.ModelVersion} · trained {m.CreatedUtc.ToString("yyyy-MM-dd HH:mm", Inv)} UTC · data format {m.DataFormat} · amounts in {currency} · components: {string.Join(", ", m.Components.Keys)}",
            [("#overview", "Overview"), ("#cleaning", "Cleaning"), ("#rules", "Product links"), ("#models", "Models"), ("#results", "Evaluations")]);
        ReportSections.Overview(sb, summary);
        ReportSections.Cleaning(sb, summary);
        ReportSections.Rules(sb, rules, Name, maxRules: maxRules);
        ReportSections.Models(sb, m, EvaluationResults.Load(model.Directory));
        ReportLayout.Close(sb, "Made by BundleForge. Figures come from the model folder's manifest and components.");
        return sb.ToString();
    }

    /// <summary>Writes the report through a temporary file so a reader never sees half a page; a cancellation before the
    /// rename leaves an existing report as it was.</summary>
    public static void Write(ModelReader model, string path, DataSummary? data = null, CancellationToken cancellation = default)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
            throw new DataException("The folder of the report does not exist.", path, field: "--out");
        var tmp = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllText(tmp, Render(model, data: data), new UTF8Encoding(false));
            cancellation.ThrowIfCancellationRequested();
            File.Move(tmp, full, overwrite: true);
        }
        catch (UnauthorizedAccessException e) { throw new DataException($"Cannot write the report: {e.Message}", path, field: "--out"); }
        finally { if (File.Exists(tmp)) File.Delete(tmp); }
    }
}
