using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;
using BundleForge.Ingest.Store;

namespace BundleForge.Core.Tests.Ingest;

/// <summary>Real input files for the integrity and fuzz tests: canonical CSV, gzip (one or several members) and Parquet
/// written by DuckDB itself, the repository's Online Retail sample, and a store to import over.</summary>
internal static class IngestFiles
{
    /// <summary>A canonical interactions CSV of <paramref name="rows"/> rows (orders of 1–4 lines, returns, prices).</summary>
    public static string CanonicalCsv(int rows, int seed = 1)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("user_id,item_id,timestamp,order_id,event,quantity,price\n");
        for (int r = 0, order = 0; r < rows; order++)
        {
            int user = rng.Next(60), lines = 1 + rng.Next(4);
            long ts = 1_704_067_200 + order * 3_600L;
            for (int k = 0; k < lines && r < rows; k++, r++)
            {
                int item = rng.Next(40);
                int qty = rng.Next(20) == 0 ? -1 : 1 + rng.Next(3);
                sb.Append($"u{user},SKU-{item},{ts},o{order},purchase,{qty},{5 + item % 7}.{item % 10}9\n");
            }
        }
        return sb.ToString();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal))
            gz.Write(data);
        return ms.ToArray();
    }

    /// <summary>Writes <paramref name="csvPath"/> as Parquet through DuckDB's own writer (typed columns, as a real export).</summary>
    public static void WriteParquet(string csvPath, string parquetPath)
    {
        using var db = DuckDbSession.InMemory();
        db.Execute($"COPY (SELECT * FROM read_csv({DuckDbSession.Literal(csvPath)}, header=true)) TO {DuckDbSession.Literal(parquetPath)} (FORMAT parquet)");
    }

    /// <summary>The repository's Online Retail sample (data/sample), found from the test binaries upwards.</summary>
    public static string OnlineRetailSample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var p = Path.Combine(dir.FullName, "data", "sample", "online_retail_2011q4.csv.gz");
            if (File.Exists(p))
                return p;
        }
        throw new FileNotFoundException("data/sample/online_retail_2011q4.csv.gz not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A store written by a real import of a small canonical file, to import over.</summary>
    public static string Store(string dir, string name = "shop.duckdb")
    {
        var csv = Path.Combine(dir, "store-source.csv");
        File.WriteAllText(csv, CanonicalCsv(50, seed: 99));
        var db = Path.Combine(dir, name);
        StoreWriter.Import(new LoadRequest { Path = csv }, db);
        File.Delete(csv);
        return db;
    }

    public static byte[] Hash(string path) => SHA256.HashData(File.ReadAllBytes(path));
}
