using BundleForge.Data;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;

namespace BundleForge.Core.Tests.Ingest;

public class CanonicalIngestTests
{
    private static Dataset Load(string file = "canonical.csv", string? catalog = null) =>
        DatasetLoader.Load(new LoadRequest { Path = Fixture.Path(file), CatalogPath = catalog is null ? null : Fixture.Path(catalog) });

    [Fact]
    public void Report_CountsEveryRemovedRowByReason_AndAddsUp()
    {
        var d = Load();
        var r = d.Report;
        Assert.Equal(14, r.RowsRead);
        Assert.Equal(4, r.UsersRead);
        Assert.Equal(9, r.RowsKept);
        Assert.Equal(1, r.Removed["return"]);
        Assert.Equal(1, r.Removed["cancelled_purchase"]);
        Assert.Equal(1, r.Removed["duplicate"]);
        Assert.Equal(1, r.Removed["merged_repeat_in_order"]);
        Assert.Equal(1, r.Removed["nonpositive_price"]);
        Assert.Equal(r.RowsRead, r.RowsKept + r.RemovedTotal);
        Assert.Equal(2, r.Changed["anonymous_kept_for_mining_only"]);
    }

    [Fact]
    public void Baskets_AreOrders_WithDenseSortedItems_AndAnonymousOrdersKept()
    {
        var d = Load();
        Assert.Equal(4, d.Baskets.Count);
        Assert.Equal(4, d.Users.Count);
        Assert.Equal(4, d.Items.Count);
        var names = new List<string[]>();
        for (int b = 0; b < d.Baskets.Count; b++)
            names.Add(d.Baskets[b].ToArray().Select(i => d.Items.Ids[i]).ToArray());
        Assert.Equal(["A", "B"], names[0]);   // o1, 2024-01-01
        Assert.Equal(["A", "C"], names[1]);   // o2, given in Unix seconds
        Assert.Equal(["D, deluxe"], names[2]); // quoted field with a comma
        Assert.Equal(["A", "B"], names[3]);   // anonymous o6
        Assert.Equal(-1, d.Baskets.User[3]);
        Assert.Equal(d.Users.IndexOf("u2"), d.Baskets.User[1]);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 10, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), d.Baskets.Time[1]);
    }

    [Fact]
    public void RepeatedItemInOneOrder_IsMergedWithSummedQuantity()
    {
        var d = Load();
        int u1 = d.Users.IndexOf("u1"), b = d.Items.IndexOf("B");
        int row = Enumerable.Range(0, d.Interactions.Count).Single(r => d.Interactions.User[r] == u1 && d.Interactions.Item[r] == b);
        Assert.Equal(3f, d.Interactions.Quantity[row]);
    }

    [Fact]
    public void ViewsAndCarts_AreKeptAsEvents_ButFormNoBasket()
    {
        var d = Load();
        int u2 = d.Users.IndexOf("u2"), u4 = d.Users.IndexOf("u4");
        Assert.Contains(Enumerable.Range(0, d.Interactions.Count), r => d.Interactions.User[r] == u2 && d.Interactions.Kind[r] == EventKind.View && d.Interactions.Order[r] == -1);
        Assert.Contains(Enumerable.Range(0, d.Interactions.Count), r => d.Interactions.User[r] == u4 && d.Interactions.Kind[r] == EventKind.Cart);
        Assert.Equal(0, d.Sequences.LengthOf(u4));
        Assert.Equal(["A", "C"], d.Sequences[u2].ToArray().Select(i => d.Items.Ids[i]).Order().ToArray());
    }

    [Fact]
    public void Catalog_AddsFeatures_ColdItems_AndAssumedCosts()
    {
        var d = Load(catalog: "items.csv");
        Assert.Equal(5, d.Items.Count); // F is in the catalog only: a cold-start item
        int a = d.Items.IndexOf("A"), b = d.Items.IndexOf("B"), c = d.Items.IndexOf("C"), f = d.Items.IndexOf("F");
        Assert.Equal("Espresso cup", d.Items.Titles[a]);
        Assert.Equal("Home>Kitchen>Cups", d.Items.Categories[a]);
        Assert.Equal("Acme", d.Items.Brands[a]);
        Assert.Equal(4f, d.Items.Cost[a]);
        Assert.Equal(5f * 0.65f, d.Items.Cost[b], 3);
        Assert.True(d.Items.CostAssumed);
        Assert.Equal(3.5f, d.Items.Price[c]);
        Assert.Equal(0, d.Items.Stock[c]);
        Assert.Equal(5, d.Items.Stock[f]);
        Assert.Contains(d.Report.Notes, n => n.Contains("assumed", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void WithoutCatalog_ListPriceIsMedianPaidPrice()
    {
        var d = Load();
        Assert.Equal(10f, d.Items.Price[d.Items.IndexOf("A")]);
        Assert.Equal(10f * 0.65f, d.Items.Cost[d.Items.IndexOf("A")], 3);
    }

    [Fact]
    public void SemicolonTabGzipAndParquet_GiveTheSameDataset()
    {
        var dir = Fixture.TempDir();
        var lines = File.ReadAllLines(Fixture.Path("canonical.csv"));
        var semi = Path.Combine(dir, "semi.csv");
        File.WriteAllLines(semi, lines.Select(l => l.Replace("\"D, deluxe\"", "\"D, deluxe\"").Replace(',', ';').Replace("\"D; deluxe\"", "\"D, deluxe\"")));
        var tsvGz = Path.Combine(dir, "tab.tsv.gz");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(tsvGz), System.IO.Compression.CompressionLevel.Fastest))
        using (var w = new StreamWriter(gz))
            foreach (var l in lines)
                w.WriteLine(l.Replace(',', '\t').Replace("\"D\t deluxe\"", "D, deluxe"));
        var parquet = Path.Combine(dir, "x.parquet");
        using (var db = BundleForge.Ingest.Store.DuckDbSession.InMemory())
            db.Execute($"COPY (SELECT * FROM read_csv('{Fixture.Path("canonical.csv")}', all_varchar=true)) TO '{parquet}' (FORMAT parquet)");

        var expected = Load();
        foreach (var file in new[] { semi, tsvGz, parquet })
        {
            var d = DatasetLoader.Load(new LoadRequest { Path = file });
            Assert.Equal(expected.Fingerprint, d.Fingerprint);
            Assert.Equal(expected.Report.RowsKept, d.Report.RowsKept);
        }
        Directory.Delete(dir, true);
    }
}
