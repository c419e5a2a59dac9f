using System.Security.Cryptography;
using BundleForge.Ingest.Store;

namespace BundleForge.Cli.Tests.Commands;

/// <summary>Issue 20 through the executable: a truncated gzip, a damaged Parquet file and a strategy beyond its limits
/// end in exit code 2 and one line naming the file (and the field), and a refused import leaves the store as it was.</summary>
public sealed class CorruptInputCliTests : IDisposable
{
    private readonly string _dir = CliRunner.TempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string name, string text)
    {
        var p = Path.Combine(_dir, name);
        File.WriteAllText(p, text);
        return p;
    }

    private string ExistingStore()
    {
        var db = Path.Combine(_dir, "shop.duckdb");
        var csv = Write("good.csv", "user_id,item_id,timestamp\nu1,A,2024-01-01\nu1,B,2024-01-01\nu2,A,2024-01-02\n");
        var r = CliRunner.Run("import", "--input", csv, "--db", db, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        return db;
    }

    private static string Sample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var p = Path.Combine(dir.FullName, "data", "sample", "online_retail_2011q4.csv.gz");
            if (File.Exists(p))
                return p;
        }
        throw new FileNotFoundException("data/sample/online_retail_2011q4.csv.gz");
    }

    [Fact]
    public void TruncatedGzip_Import_ExitsTwo_NamingTheFile_AndKeepsTheStore()
    {
        // The Online Retail sample cut in half: this imported half of its rows with exit 0.
        var db = ExistingStore();
        var before = SHA256.HashData(File.ReadAllBytes(db));
        var sample = File.ReadAllBytes(Sample());
        var half = Path.Combine(_dir, "retail-half.csv.gz");
        File.WriteAllBytes(half, sample[..(sample.Length / 2)]);
        BadInputTests.AssertUserError(CliRunner.Run("import", "--input", half, "--db", db), "retail-half.csv.gz", "truncated");
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(db)));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void DamagedParquet_Import_ExitsTwo_NamingTheFile_AndKeepsTheStore()
    {
        var db = ExistingStore();
        var before = SHA256.HashData(File.ReadAllBytes(db));
        var csv = Write("source.csv", "user_id,item_id,timestamp\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"u{i % 17},i{i % 23},{1_700_000_000 + i}\n")));
        var parquet = Path.Combine(_dir, "shop.parquet");
        using (var duck = DuckDbSession.InMemory())
            duck.Execute($"COPY (SELECT * FROM read_csv({DuckDbSession.Literal(csv)}, header=true)) TO {DuckDbSession.Literal(parquet)} (FORMAT parquet)");
        var bytes = File.ReadAllBytes(parquet);
        File.WriteAllBytes(parquet, bytes[..(bytes.Length * 2 / 3)]);
        BadInputTests.AssertUserError(CliRunner.Run("import", "--input", parquet, "--db", db), "shop.parquet", "parquet");
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(db)));
    }

    [Theory]
    [InlineData("""{"discount_step": 1e-9}""", "discount_step")]
    [InlineData("""{"margin_floor": 0.1, "margin_floor": 0.2}""", "margin_floor")]
    [InlineData("""{"boosts": {"items": {"A": 1.5, "A": 9}}}""", "boosts.items.A")]
    public void StrategyBeyondItsLimits_IsRefusedByTrain_NamingTheField(string json, string field)
    {
        var data = Write("small.csv", "user_id,item_id,timestamp,order_id\n" +
            string.Concat(Enumerable.Range(0, 60).Select(i => $"u{i % 9},i{i % 7},{1_700_000_000 + i},o{i / 3}\n")));
        var strategy = Write("strategy.json", json);
        var r = CliRunner.Run(TimeSpan.FromMinutes(2), "train", "--data", data, "--out", Path.Combine(_dir, "model"), "--models", "bundles", "--strategy", strategy);
        BadInputTests.AssertUserError(r, "strategy.json", $"field '{field}'");
    }
}
