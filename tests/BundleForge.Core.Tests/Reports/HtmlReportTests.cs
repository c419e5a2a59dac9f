using BundleForge.Artifacts;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;
using BundleForge.Mining;
using BundleForge.Reports;

namespace BundleForge.Core.Tests.Reports;

public class HtmlReportTests : IDisposable
{
    private readonly string _dir = Fixture.TempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Report_ShowsTitlesRulesAndCleaning_WithoutExternalAssets()
    {
        var d = DatasetLoader.Load(new LoadRequest { Path = Fixture.Path("canonical.csv"), CatalogPath = Fixture.Path("items.csv") });
        var target = Path.Combine(_dir, "model");
        using (var w = new ModelWriter(target, d.Fingerprint, d.Format))
        {
            CatalogComponent.Save(w, d.Items);
            DataSummary.Compute(d).Save(w);
            RulesModel.Train(d.Baskets, d.Items.Ids, new RulesTrainingOptions { MinCount = 2, MinConfidence = 0.1 }).Save(w);
            w.Commit();
        }
        var file = Path.Combine(_dir, "report.html");
        HtmlReport.Write(ModelReader.Open(target), file);
        var html = File.ReadAllText(file);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("Espresso cup", html);         // titles, not ids: A and B are bought together twice
        Assert.Contains("Saucer", html);
        Assert.Contains("removed: return", html);
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script src", html);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }
}
