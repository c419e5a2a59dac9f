using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using BundleForge.Data;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;
using Xunit.Abstractions;

namespace BundleForge.Core.Tests.Ingest;

/// <summary>Mutated inputs (byte flips, truncations, inserted garbage, deleted and repeated spans, other encodings) of
/// CSV, gzip, Parquet and line-format files go through the real import (<see cref="StoreWriter.Import"/>, what
/// <c>bundleforge import</c> runs) over an existing DuckDB store. Each case must end in a one-line
/// <see cref="DataException"/> naming the file with the store byte for byte unchanged, or in a store that loads; never
/// another exception, a hang or a stray temporary file. Seeded: the same cases every run (docs/RELIABILITY.md).</summary>
public sealed class IngestFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _dir = Fixture.TempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    private sealed record Base(string Name, string Extension, byte[] Bytes, bool IsText, DataFormat Format);

    private List<Base> Bases()
    {
        var canonical = Encoding.UTF8.GetBytes(IngestFiles.CanonicalCsv(120, seed: 5));
        // The first lines of the real Online Retail sample.
        string retail;
        using (var gz = new GZipStream(File.OpenRead(IngestFiles.OnlineRetailSample()), CompressionMode.Decompress))
        using (var reader = new StreamReader(gz))
            retail = string.Concat(Enumerable.Range(0, 150).Select(_ => reader.ReadLine() + "\n"));
        var retailBytes = Encoding.UTF8.GetBytes(retail);
        var fimi = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => $"{i % 11} {i % 7 + 20} {i % 5 + 40}\n")));
        var csvPath = Path.Combine(_dir, "base.csv");
        File.WriteAllBytes(csvPath, canonical);
        var parquetPath = Path.Combine(_dir, "base.parquet");
        IngestFiles.WriteParquet(csvPath, parquetPath);
        return
        [
            new("canonical", ".csv", canonical, true, DataFormat.Auto),
            new("retail", ".csv", retailBytes, true, DataFormat.Auto),
            new("canonical-gz", ".csv.gz", IngestFiles.Gzip(canonical), false, DataFormat.Auto),
            new("retail-gz", ".csv.gz", IngestFiles.Gzip(retailBytes), false, DataFormat.Auto),
            new("parquet", ".parquet", File.ReadAllBytes(parquetPath), false, DataFormat.Auto),
            new("fimi", ".dat", fimi, true, DataFormat.Fimi),
        ];
    }

    [Fact]
    public void MutatedInputs_AreRefusedOrImported_TheStoreNeverDamaged()
    {
        int cases = Fuzz.Cases(150), seed = Fuzz.Seed(20);
        var bases = Bases();
        var pristine = IngestFiles.Store(_dir, "pristine.duckdb");
        var pristineHash = IngestFiles.Hash(pristine);
        var tally = new Fuzz.Tally("ingest fuzz");
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < cases; i++)
        {
            // Not HashCode.Combine: it is salted per process, and the cases must be the same every run.
            var rng = new Random(unchecked(seed * 1_000_003 + i));
            var b = bases[rng.Next(bases.Count)];
            var (bytes, what) = Mutant(rng, b);
            var caseDir = Path.Combine(_dir, $"case{i}");
            Directory.CreateDirectory(caseDir);
            var input = Path.Combine(caseDir, $"input{i}{b.Extension}");
            File.WriteAllBytes(input, bytes);
            var store = Path.Combine(caseDir, "shop.duckdb");
            File.Copy(pristine, store);
            var request = new LoadRequest { Path = input, Format = b.Format, Strict = rng.Next(4) == 0 };
            string description = $"case {i} (seed {seed}: {b.Name}{(request.Strict ? " strict" : "")}, {what})";
            long start = Stopwatch.GetTimestamp();
            var (outcome, error) = Fuzz.Bounded(() => StoreWriter.Import(request, store), Deadline);
            if (outcome == Fuzz.Outcome.Refused)
            {
                // The refusal names the file on one line, and the store is the one that was there.
                if (error!.Message.Contains('\n') || error.Message.Contains('\r') || !error.Message.Contains(Path.GetFileName(input)))
                    (outcome, error) = Broken($"refusal is not one line naming the file: {error.Message}");
                else if (!IngestFiles.Hash(store).AsSpan().SequenceEqual(pristineHash))
                    (outcome, error) = Broken("the store changed although the import was refused");
            }
            else if (outcome == Fuzz.Outcome.Accepted)
            {
                // An accepted import leaves a store every command can load.
                Dataset? loaded = null;
                var (readOutcome, readError) = Fuzz.Bounded(() => loaded = DatasetLoader.Load(new LoadRequest { Path = store }), Deadline);
                if (readOutcome != Fuzz.Outcome.Accepted)
                    (outcome, error) = Broken($"the new store does not load: {readOutcome} {readError?.Message}");
            }
            if (outcome != Fuzz.Outcome.Timeout && Directory.GetFiles(caseDir, "*.tmp*").Length > 0)
                (outcome, error) = Broken("a temporary file was left behind");
            tally.Add(outcome, description, error);
            if (Fuzz.Verbose)
                output.WriteLine($"{description}: {outcome} in {Stopwatch.GetElapsedTime(start).TotalMilliseconds:0} ms {error?.Message}");
            if (outcome != Fuzz.Outcome.Timeout)
                Directory.Delete(caseDir, true);
        }
        output.WriteLine($"{tally} ({sw.Elapsed.TotalSeconds:0.0} s)");
        Assert.True(tally.Clean, tally.ToString());
        Assert.True(tally.Refused > cases / 20 && tally.Accepted > cases / 20, tally.ToString());
    }

    private static (Fuzz.Outcome, Exception) Broken(string what) => (Fuzz.Outcome.Crash, new InvalidOperationException(what));

    private static readonly byte[][] Garbage =
    [
        [0], "\""u8.ToArray(), "\n"u8.ToArray(), "\r"u8.ToArray(), ","u8.ToArray(), ";"u8.ToArray(), "\t"u8.ToArray(), [0xFF, 0xFE],
        [0xEF, 0xBB, 0xBF], "\"\"\""u8.ToArray(), "1e400"u8.ToArray(), "NaN"u8.ToArray(), "-"u8.ToArray(), "99999999999999999999999"u8.ToArray(),
        [0xC3], [0xE9], "\u2028"u8.ToArray(), [0x1f, 0x8b, 0x08, 0x00], "PAR1"u8.ToArray(), ",,,,,,,,,,,,,,,,,,,,,"u8.ToArray(),
    ];

    /// <summary>A mutated copy of the base and what was done to it.</summary>
    private static (byte[] Bytes, string What) Mutant(Random rng, Base b)
    {
        var what = new List<string>();
        var bytes = b.Bytes;
        // Gzip bases: mutate the text and compress it again, or mutate the compressed bytes themselves.
        bool mutatePlain = b.Extension == ".csv.gz" && rng.Next(3) == 0;
        if (mutatePlain)
        {
            using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gz.CopyTo(plain);
            bytes = plain.ToArray();
            what.Add("text inside the gzip");
        }
        if ((b.IsText || mutatePlain) && rng.Next(8) == 0)
        {
            bytes = Reencode(rng, bytes, what);
        }
        int r = rng.Next(10), edits = r < 6 ? 1 : r < 9 ? 2 : 3;
        for (int e = 0; e < edits; e++)
            bytes = Edit(rng, bytes, what);
        if (mutatePlain)
            bytes = IngestFiles.Gzip(bytes);
        return (bytes, string.Join(", ", what));
    }

    private static byte[] Reencode(Random rng, byte[] utf8, List<string> what)
    {
        string text = Encoding.UTF8.GetString(utf8);
        switch (rng.Next(4))
        {
            case 0:
                what.Add("UTF-16 LE with BOM");
                return [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)];
            case 1:
                what.Add("UTF-16 BE");
                return Encoding.BigEndianUnicode.GetBytes(text);
            case 2:
                what.Add("UTF-32");
                return Encoding.UTF32.GetBytes(text);
            default:
                // Latin-1 with accented letters in it (é is 0xE9 there, an invalid byte in UTF-8).
                what.Add("Latin-1");
                return Encoding.Latin1.GetBytes(text.Replace("SKU-1", "SKÉ-1").Replace("WHITE", "WHITÉ"));
        }
    }

    private static byte[] Edit(Random rng, byte[] bytes, List<string> what)
    {
        if (bytes.Length == 0)
            return [.. Garbage[rng.Next(Garbage.Length)]];
        int at = rng.Next(bytes.Length);
        switch (rng.Next(7))
        {
            case 0:
                {
                    int flips = 1 + rng.Next(8);
                    var copy = bytes.ToArray();
                    for (int k = 0; k < flips; k++)
                        copy[rng.Next(copy.Length)] ^= (byte)(1 << rng.Next(8));
                    what.Add($"{flips} bit flips");
                    return copy;
                }
            case 1:
                what.Add($"cut@{at}");
                return bytes[..at];
            case 2:
                {
                    int len = Math.Min(bytes.Length - at, 1 + rng.Next(200));
                    what.Add($"delete@{at}+{len}");
                    return [.. bytes[..at], .. bytes[(at + len)..]];
                }
            case 3:
                {
                    int len = Math.Min(bytes.Length - at, 1 + rng.Next(400));
                    int to = rng.Next(bytes.Length);
                    what.Add($"repeat@{at}+{len} at {to}");
                    return [.. bytes[..to], .. bytes[at..(at + len)], .. bytes[to..]];
                }
            case 4:
                {
                    var junk = new byte[1 + rng.Next(64)];
                    rng.NextBytes(junk);
                    what.Add($"random {junk.Length} bytes@{at}");
                    return [.. bytes[..at], .. junk, .. bytes[at..]];
                }
            case 5 when rng.Next(6) == 0:
                // A line far longer than any real one (DuckDB's limit is 8 MB; the sniffer reads 1 MiB).
                what.Add($"long line@{at}");
                return [.. bytes[..at], .. Encoding.ASCII.GetBytes(new string('x', 300_000)), .. bytes[at..]];
            default:
                {
                    var token = Garbage[rng.Next(Garbage.Length)];
                    int times = rng.Next(4) == 0 ? 1 + rng.Next(50) : 1;
                    what.Add($"insert@{at} {Convert.ToHexString(token)}x{times}");
                    var insert = Enumerable.Repeat(token, times).SelectMany(t => t).ToArray();
                    return [.. bytes[..at], .. insert, .. bytes[at..]];
                }
        }
    }
}
