using System.Text;
using BundleForge.Data;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;

namespace BundleForge.Core.Tests.Ingest;

/// <summary>Issue 20: a truncated or damaged gzip or Parquet file is refused with a <see cref="DataException"/> naming
/// the file, and a refused import leaves the existing store byte for byte as it was. Real files throughout: the
/// repository's Online Retail sample, gzip members written by .NET, Parquet written by DuckDB.</summary>
public sealed class CorruptInputTests : IDisposable
{
    private readonly string _dir = Fixture.TempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string name, byte[] bytes)
    {
        var p = Path.Combine(_dir, name);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    /// <summary>Imports <paramref name="input"/> over an existing store and expects a refusal naming the file that
    /// leaves the store unchanged and no temporary file behind.</summary>
    private DataException RefusedOverAStore(string input, DataFormat format = DataFormat.Auto)
    {
        var db = IngestFiles.Store(_dir);
        var before = IngestFiles.Hash(db);
        var e = Assert.Throws<DataException>(() => StoreWriter.Import(new LoadRequest { Path = input, Format = format }, db));
        Assert.Contains(Path.GetFileName(input), e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(before, IngestFiles.Hash(db));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        return e;
    }

    [Fact]
    public void OnlineRetailSample_CutInHalf_IsRefusedAsTruncated()
    {
        // This file imported with exit 0 and half of its rows.
        var sample = File.ReadAllBytes(IngestFiles.OnlineRetailSample());
        var e = RefusedOverAStore(Write("half.csv.gz", sample[..(sample.Length / 2)]));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void OnlineRetailSample_WithADamagedByteInTheMiddle_IsRefusedAsCorrupt()
    {
        // This one imported 706,226 "rows" of decompressed garbage with exit 0.
        var sample = File.ReadAllBytes(IngestFiles.OnlineRetailSample());
        sample[sample.Length / 2] ^= 0xFF;
        var e = RefusedOverAStore(Write("damaged.csv.gz", sample));
        Assert.Contains("corrupt", e.Message);
    }

    [Theory]
    [InlineData(10)] // the header alone
    [InlineData(4)]  // the compressed data without the end of the trailer
    [InlineData(8)]  // the compressed data without the trailer
    public void GzipCutAtItsEnds_IsRefusedAsTruncated(int cut)
    {
        var gz = IngestFiles.Gzip(Encoding.UTF8.GetBytes(IngestFiles.CanonicalCsv(300)));
        var bytes = cut == 10 ? gz[..10] : gz[..^cut];
        Assert.Contains("truncated", RefusedOverAStore(Write("cut.csv.gz", bytes)).Message);
    }

    [Fact]
    public void BytesAfterTheLastMember_AreRefused()
    {
        var gz = IngestFiles.Gzip(Encoding.UTF8.GetBytes(IngestFiles.CanonicalCsv(300)));
        Assert.Contains("after the end", RefusedOverAStore(Write("tail.csv.gz", [.. gz, .. "garbage\n"u8])).Message);
    }

    [Fact]
    public void ADamagedChecksum_IsRefused()
    {
        var gz = IngestFiles.Gzip(Encoding.UTF8.GetBytes(IngestFiles.CanonicalCsv(300)));
        gz[^6] ^= 0x01; // a bit of the CRC-32 in the trailer
        Assert.Contains("checksum", RefusedOverAStore(Write("crc.csv.gz", gz)).Message);
    }

    [Fact]
    public void TruncatedGzip_InALineFormat_IsRefusedToo()
    {
        var fimi = string.Concat(Enumerable.Range(0, 2000).Select(i => $"{i % 13} {i % 7 + 20} {i % 5 + 40}\n"));
        var gz = IngestFiles.Gzip(Encoding.UTF8.GetBytes(fimi));
        Assert.Contains("truncated", RefusedOverAStore(Write("baskets.dat.gz", gz[..(gz.Length * 2 / 3)]), DataFormat.Fimi).Message);
    }

    [Fact]
    public void SeveralGzipMembers_ImportEveryRow_AsOneFile()
    {
        // cat a.gz b.gz is a valid gzip file (pigz and bgzip write such files): every member is checked and read.
        var csv = IngestFiles.CanonicalCsv(400);
        int split = csv.IndexOf('\n', csv.Length / 2) + 1;
        var multi = Write("multi.csv.gz", [.. IngestFiles.Gzip(Encoding.UTF8.GetBytes(csv[..split])), .. IngestFiles.Gzip(Encoding.UTF8.GetBytes(csv[split..]))]);
        var plain = Write("plain.csv", Encoding.UTF8.GetBytes(csv));
        var a = StoreWriter.Import(new LoadRequest { Path = multi }, Path.Combine(_dir, "a.duckdb"));
        var b = StoreWriter.Import(new LoadRequest { Path = plain }, Path.Combine(_dir, "b.duckdb"));
        Assert.Equal(400, a.RowsRead);
        Assert.Equal(b.RowsKept, a.RowsKept);
    }

    [Fact]
    public void GzipHeaderFields_AreParsed_AndTheHeaderChecksumChecked()
    {
        var gz = IngestFiles.Gzip(Encoding.UTF8.GetBytes(IngestFiles.CanonicalCsv(100)));
        // FHCRC | FEXTRA | FNAME | FCOMMENT, with their fields after the 10-byte header (RFC 1952 order).
        var head = gz[..10];
        head[3] = 0x02 | 0x04 | 0x08 | 0x10;
        byte[] fields = [3, 0, 1, 2, 3, .. "shop.csv\0"u8, .. "a comment\0"u8];
        byte[] header = [.. head, .. fields];
        ushort crc16 = (ushort)System.IO.Hashing.Crc32.HashToUInt32(header);
        var path = Write("fancy.csv.gz", [.. header, (byte)crc16, (byte)(crc16 >> 8), .. gz[10..]]);
        GzipIntegrity.Verify(path);
        // DuckDB's reader refuses headers with a comment or a header checksum: a user error, not a crash.
        Assert.Contains("Unsupported", Assert.Throws<DataException>(() => StoreWriter.Import(new LoadRequest { Path = path }, Path.Combine(_dir, "f.duckdb"))).Message);
        // It reads a name and an extra field.
        var named = head.ToArray();
        named[3] = 0x04 | 0x08;
        var plainer = Write("named.csv.gz", [.. named, 3, 0, 1, 2, 3, .. "shop.csv\0"u8, .. gz[10..]]);
        GzipIntegrity.Verify(plainer);
        Assert.Equal(100, StoreWriter.Import(new LoadRequest { Path = plainer }, Path.Combine(_dir, "f.duckdb")).RowsRead);
        // A wrong header checksum is damage.
        var bad = Write("badhead.csv.gz", [.. header, (byte)~crc16, (byte)(crc16 >> 8), .. gz[10..]]);
        Assert.Contains("corrupt", Assert.Throws<DataException>(() => GzipIntegrity.Verify(bad)).Message);
    }

    [Fact]
    public void Compression_IsTakenFromTheBytes_NotFromTheName()
    {
        var csv = Encoding.UTF8.GetBytes(IngestFiles.CanonicalCsv(100));
        // gzip data named .csv, and plain text named .gz: DuckDB guessed from the name and read bytes as text.
        Assert.Equal(100, StoreWriter.Import(new LoadRequest { Path = Write("zipped.csv", IngestFiles.Gzip(csv)) }, Path.Combine(_dir, "z.duckdb")).RowsRead);
        Assert.Equal(100, StoreWriter.Import(new LoadRequest { Path = Write("plain.csv.gz", csv) }, Path.Combine(_dir, "p.duckdb")).RowsRead);
    }

    [Fact]
    public void TheRealSample_PassesTheCheck()
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        GzipIntegrity.Verify(IngestFiles.OnlineRetailSample());
        // One decompression of 15 MB: a fraction of the import's time.
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
    }

    [Fact]
    public void ALineBreakInsideAQuotedBadValue_KeepsTheErrorOnOneLine()
    {
        var csv = Write("nl.csv", "user_id,item_id,timestamp\nu1,A,\"the day\nafter\"\n"u8.ToArray());
        var e = Assert.Throws<DataException>(() => DatasetLoader.Load(new LoadRequest { Path = csv, Strict = true }));
        Assert.Equal("timestamp", e.Field);
        Assert.Contains("'the day after'", e.Message);
        var catalog = Write("items.csv", "item_id,price\nA,\"12\n13\"\n"u8.ToArray());
        var c = Assert.Throws<DataException>(() => DatasetLoader.Load(new LoadRequest { Path = Fixture.Path("canonical.csv"), CatalogPath = catalog }));
        Assert.Equal("price", c.Field);
        Assert.DoesNotContain('\n', c.Message);
    }

    private string Parquet(int rows)
    {
        var csv = Path.Combine(_dir, "source.csv");
        File.WriteAllText(csv, IngestFiles.CanonicalCsv(rows));
        var parquet = Path.Combine(_dir, "shop.parquet");
        IngestFiles.WriteParquet(csv, parquet);
        return parquet;
    }

    [Fact]
    public void ValidParquet_Imports()
    {
        Assert.Equal(500, StoreWriter.Import(new LoadRequest { Path = Parquet(500) }, Path.Combine(_dir, "q.duckdb")).RowsRead);
    }

    [Theory]
    [InlineData("half")]
    [InlineData("last byte")]
    [InlineData("footer")]
    public void TruncatedParquet_IsRefusedNamingTheFile(string cut)
    {
        var bytes = File.ReadAllBytes(Parquet(500));
        bytes = cut switch { "half" => bytes[..(bytes.Length / 2)], "last byte" => bytes[..^1], _ => bytes[..^12] };
        RefusedOverAStore(Write("cut.parquet", bytes));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void DamagedParquet_IsRefusedNamingTheFile(double where)
    {
        var bytes = File.ReadAllBytes(Parquet(500));
        int at = (int)(bytes.Length * where);
        for (int k = 0; k < 32 && at + k < bytes.Length - 8; k++)
            bytes[at + k] = 0xFF;
        RefusedOverAStore(Write("damaged.parquet", bytes));
    }
}
