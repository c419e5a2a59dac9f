using System.Security.Cryptography;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;

namespace BundleForge.Core.Tests.Ingest;

public class StoreWriterTests
{
    [Fact]
    public void Import_ThenLoad_GivesTheSameDataset()
    {
        var dir = Fixture.TempDir();
        var db = Path.Combine(dir, "shop.duckdb");
        var request = new LoadRequest { Path = Fixture.Path("canonical.csv"), CatalogPath = Fixture.Path("items.csv") };
        var report = StoreWriter.Import(request, db);
        var fromRaw = DatasetLoader.Load(request);
        var fromStore = DatasetLoader.Load(new LoadRequest { Path = db });
        Assert.Equal(fromRaw.Fingerprint, fromStore.Fingerprint);
        Assert.Equal(report.Removed, fromStore.Report.Removed);
        Assert.Equal(fromRaw.Items.Titles, fromStore.Items.Titles);
        Assert.Equal(fromRaw.Items.Stock, fromStore.Items.Stock);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void FailedImport_LeavesTheExistingStoreUntouched()
    {
        var dir = Fixture.TempDir();
        var db = Path.Combine(dir, "shop.duckdb");
        StoreWriter.Import(new LoadRequest { Path = Fixture.Path("canonical.csv") }, db);
        var before = SHA256.HashData(File.ReadAllBytes(db));
        var bad = Path.Combine(dir, "bad.csv");
        File.WriteAllText(bad, "user_id,item_id,timestamp\nu1,A,yesterday\n");
        var e = Assert.Throws<DataException>(() => StoreWriter.Import(new LoadRequest { Path = bad, Strict = true }, db));
        Assert.Equal(2, e.Line);
        Assert.Equal("timestamp", e.Field);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(db)));
        Assert.Equal(9, DatasetLoader.Load(new LoadRequest { Path = db }).Interactions.Count);
        Assert.Single(Directory.GetFiles(dir, "*.duckdb*"));
        Directory.Delete(dir, true);
    }
}
