using BundleForge.Artifacts;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;

namespace BundleForge.Core.Tests.Artifacts;

public class ModelFolderTests : IDisposable
{
    private readonly string _dir = Fixture.TempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    private BundleForge.Data.Dataset Data() =>
        DatasetLoader.Load(new LoadRequest { Path = Fixture.Path("canonical.csv"), CatalogPath = Fixture.Path("items.csv") });

    [Fact]
    public void CatalogAndSummary_RoundTrip_ThroughAVerifiedFolder()
    {
        var d = Data();
        var target = Path.Combine(_dir, "model");
        using (var w = new ModelWriter(target, d.Fingerprint, d.Format))
        {
            CatalogComponent.Save(w, d.Items);
            DataSummary.Compute(d).Save(w);
            w.Commit();
        }
        var r = ModelReader.Open(target);
        Assert.Equal(d.Fingerprint, r.Manifest.DataFingerprint);
        var items = CatalogComponent.Load(r);
        Assert.Equal(d.Items.Ids, items.Ids);
        Assert.Equal(d.Items.Titles, items.Titles);
        Assert.Equal(d.Items.Cost, items.Cost);
        Assert.Equal(d.Items.Stock, items.Stock);
        Assert.True(items.CostAssumed);
        var s = DataSummary.Load(r);
        Assert.Equal(4, s.Orders);
        Assert.Equal(d.Report.Removed, s.Removed);
        Assert.Equal(4, s.OrdersPerWeek.Values.Sum());
        Assert.Equal(1.0, s.PopularityCurve[^1][1], 6);
        Assert.Equal(101, s.PopularityCurve.Count);
        // No staging folders are left beside the model.
        Assert.Single(Directory.GetDirectories(_dir));
    }

    [Fact]
    public void ChangedFile_IsRefusedWithAClearError()
    {
        var d = Data();
        var target = Path.Combine(_dir, "model");
        using (var w = new ModelWriter(target, d.Fingerprint, d.Format))
        { CatalogComponent.Save(w, d.Items); w.Commit(); }
        var file = Path.Combine(target, "catalog", "catalog.bin");
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
        var e = Assert.Throws<DataException>(() => ModelReader.Open(target));
        Assert.Contains("Checksum mismatch", e.Message);
    }

    [Fact]
    public void FailedTraining_LeavesThePreviousModelInPlace()
    {
        var d = Data();
        var target = Path.Combine(_dir, "model");
        string first;
        using (var w = new ModelWriter(target, d.Fingerprint, d.Format))
        { CatalogComponent.Save(w, d.Items); first = w.Commit().ModelVersion; }
        try
        {
            using var w = new ModelWriter(target, d.Fingerprint, d.Format);
            CatalogComponent.Save(w, d.Items);
            throw new InvalidOperationException("trainer failed");
        }
        catch (InvalidOperationException) { }
        Assert.Equal(first, ModelReader.Open(target).Manifest.ModelVersion);
        Assert.Single(Directory.GetDirectories(_dir));
    }

    [Fact]
    public void MissingComponent_SaysHowToTrainIt()
    {
        var d = Data();
        var target = Path.Combine(_dir, "model");
        using (var w = new ModelWriter(target, d.Fingerprint, d.Format))
        { CatalogComponent.Save(w, d.Items); w.Commit(); }
        var e = Assert.Throws<DataException>(() => ModelReader.Open(target).PathOf("item2vec", "vectors.bin"));
        Assert.Contains("--models item2vec", e.Message);
    }

    [Fact]
    public void Shared_LoadsOncePerReader_AndEachReaderItsOwn()
    {
        var d = Data();
        var target = Path.Combine(_dir, "model");
        using (var w = new ModelWriter(target, d.Fingerprint, d.Format))
        {
            CatalogComponent.Save(w, d.Items);
            w.Commit();
        }
        var reader = ModelReader.Open(target);
        int loads = 0;
        var first = reader.Shared("catalog", () => { loads++; return CatalogComponent.Load(reader); });
        Assert.Same(first, reader.Shared("catalog", () => { loads++; return CatalogComponent.Load(reader); }));
        Assert.Equal(1, loads);
        var other = ModelReader.Open(target);
        Assert.NotSame(first, other.Shared("catalog", () => CatalogComponent.Load(other)));
        // One key, one type: asking for another type under a used key is a programming error, not a silent reload.
        Assert.Throws<InvalidOperationException>(() => reader.Shared("catalog", () => "text"));
    }
}
