using System.Globalization;
using System.Text;
using BundleForge.Artifacts;
using BundleForge.Baseline;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Engine;
using BundleForge.Core.Tests.Bundles;
using BundleForge.Core.Tests.Embeddings;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Mining;
using BundleForge.Privacy;

namespace BundleForge.Core.Tests.Artifacts;

/// <summary>Issue 14: every binary artifact goes through one codec, and the files stay byte for byte what the previous
/// build wrote, so model folders trained before still load. Each format writes a tiny artifact that must equal a golden
/// byte string (captured from the build before the codec was shared), the golden bytes must load back to the same
/// values, and every truncation, damaged length, trailing byte or newer version of them must be a
/// <see cref="DataException"/> naming the file — never an out-of-memory, overflow or index error.</summary>
public sealed class ArtifactFormatTests : IDisposable
{
    private readonly string _dir = Fixture.TempDir();

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    /// <summary>One binary format: writes its tiny artifact under a folder and returns the file and a dump of what it
    /// holds; loads a file back into the same dump; the offsets of the format version and of length fields in the bytes.</summary>
    private sealed record Format(string Name, Func<string, (string Path, string Expected)> Write, Func<string, string> Load, int VersionAt, int[] LengthFields, string Golden);

    private static readonly Pseudonymizer Keys = new("0123456789abcdef-golden-secret"u8);

    private static readonly Dictionary<string, Format> Formats = new Format[]
    {
        new("catalog", dir =>
        {
            var c = new ItemCatalog(["A1", "B2", "Ç3"], ["Mug", null, "Tée"], ["Home > Kitchen", "Home", null], [null, "Acme", null],
                [1.5f, 20f, 3.25f], [0.5f, float.NaN, 1f], [3, -1, 0], costAssumed: true);
            var path = InModel(dir, w => CatalogComponent.Save(w, c), "catalog", "catalog.bin");
            return (path, DumpCatalog(c));
        }, path => DumpCatalog(CatalogComponent.Load(ModelOf(path))), 8, [12], GoldenCatalog),

        new("rules", dir =>
        {
            var table = CooccurrenceTable.Build(BasketSet.FromLists([[0, 1], [0, 1], [1, 2], [0, 1, 2]]), 3);
            var model = new RulesModel(["a", "b", "ç"], table, [new AssociationRule([0], [1], 3, 3, 4, 4), new AssociationRule([0, 2], [1], 1, 1, 4, 4)], 1, 0.25);
            var path = InModel(dir, w => model.Save(w), "rules", "rules.bin");
            return (path, DumpRules(model));
        }, path => DumpRules(RulesModel.Load(ModelOf(path))), 8, [16, 36 + 2 + 2 + 3 + 4 * 3 + 4 * 4], GoldenRules),

        new("vector", dir =>
        {
            var path = Path.Combine(dir, "v.vec");
            VectorFile.Write(path, [1f, -2.5f, 3f, 0f, 1e-7f, float.MaxValue], 2, 3);
            return (path, "2x3:" + Join([1f, -2.5f, 3f, 0f, 1e-7f, float.MaxValue]));
        }, path =>
        {
            var v = VectorFile.Read(path, out int rows, out int dims);
            return $"{rows}x{dims}:{Join(v)}";
        }, 8, [12, 16], GoldenVector),

        new("cooccurrence", dir =>
        {
            var c = ItemCooccurrence.Build(BasketSet.FromLists([[0, 1], [0, 1], [1, 2, 3], [0, 1, 3], [2, 3], [2, 3]]), 4);
            var path = Path.Combine(dir, "co.bin");
            CooccurrenceFile.Write(path, c, minCount: 2);
            return (path, DumpCooccurrence(c, minCount: 2));
        }, path => DumpCooccurrence(CooccurrenceFile.Read(path, 4)), 8, [12, 20], GoldenCooccurrence),

        new("hnsw", dir =>
        {
            var v = HnswVectors();
            var index = new HnswIndex(v, 3, m: 2, efConstruction: 8, efSearch: 8, seed: 0);
            var path = Path.Combine(dir, "index.hnsw");
            HnswFile.Write(path, index);
            return (path, DumpHnsw(index));
        }, path => DumpHnsw(HnswFile.Read(path, HnswVectors(), 3)), 8, [12, 16, 20], GoldenHnsw),

        new("pairs", dir =>
        {
            var baskets = BasketSet.FromLists([[0, 1], [0, 1, 2], [0, 1], [2, 3], [1, 3], [0, 1, 3], [2]]);
            var scorer = CooccurrencePairScorer.Build(baskets, 4, BundleTestData.Catalog([1f, 1f, 1f, 1f], [0.5f, 0.5f, 0.5f, 0.5f], ["A", "B", "A", "C"]));
            var path = Path.Combine(dir, "pairs.bin");
            scorer.Save(path);
            return (path, DumpPairs(scorer));
        }, path => DumpPairs(CooccurrencePairScorer.Load(path)), 4, [16, 16 + 4 + 4 * 5], GoldenPairs),

        new("users", dir =>
        {
            var data = TinyShop();
            var model = BundleModel.Build(data, data.Baskets, Keys);
            var path = InModel(dir, w => model.Save(w), BundleModel.Component, "users.bin");
            return (path, DumpUsers(model));
        }, path => DumpUsers(BundleModel.Load(ModelOf(path))), 8, [12], GoldenUsers),

        new("baseline-catalog", dir => Baseline(dir, BaselineModel.CatalogFile), path => DumpBaseline(BaselineModel.Load(ModelOf(path))), 4, [16], GoldenBaselineCatalog),
        new("baseline-cooccurrence", dir => Baseline(dir, BaselineModel.CooccurrenceFile), path => DumpBaseline(BaselineModel.Load(ModelOf(path))), 4, [25], GoldenBaselineCooccurrence),
        new("baseline-profiles", dir => Baseline(dir, BaselineModel.ProfilesFile), path => DumpBaseline(BaselineModel.Load(ModelOf(path))), 4, [17], GoldenBaselineProfiles),
    }.ToDictionary(f => f.Name);

    public static TheoryData<string> Names => new(Formats.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Writes_the_bytes_of_the_previous_build_and_reads_them_back(string name)
    {
        var (f, path, bytes, expected) = Written(name);
        var written = Convert.ToHexString(bytes);
        // A new format starts with an empty golden: the first run leaves the bytes of the code before the change here.
        if (f.Golden.Length == 0)
        { File.WriteAllText(Path.Combine(Path.GetTempPath(), $"bf-golden-{name}.hex"), written); Assert.Fail($"no golden for {name}"); }
        Assert.Equal(f.Golden, written);
        File.WriteAllBytes(path, Convert.FromHexString(f.Golden)); // the old build's bytes, loaded by this build
        Assert.Equal(expected, f.Load(path));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_truncation_is_a_data_error_naming_the_file(string name)
    {
        var (f, path, bytes, _) = Written(name);
        for (int keep = 0; keep < bytes.Length; keep++)
        {
            File.WriteAllBytes(path, bytes[..keep]);
            var e = Assert.Throws<DataException>(() => f.Load(path));
            Assert.Equal(path, e.File);
            Assert.Contains("truncated", e.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Damaged_lengths_and_foreign_files_are_data_errors_naming_the_file(string name)
    {
        var (f, path, original, _) = Written(name);
        void Expect(byte[] bytes)
        {
            File.WriteAllBytes(path, bytes);
            Assert.Equal(path, Assert.Throws<DataException>(() => f.Load(path)).File);
        }
        foreach (int at in f.LengthFields)
        {
            int length = BitConverter.ToInt32(original, at);
            foreach (int damaged in new[] { -1, int.MinValue, int.MaxValue, length + 1, length - 1, length + 1000, length ^ 0x0100_0000 })
            {
                var bytes = (byte[])original.Clone();
                BitConverter.TryWriteBytes(bytes.AsSpan(at), damaged);
                Expect(bytes);
            }
        }
        Expect([.. original, 0]);                                          // a byte too many
        Expect([1, 2, 3]);                                                 // not ours
        var newer = (byte[])original.Clone();
        Assert.Equal(1, BitConverter.ToInt32(newer, f.VersionAt));
        BitConverter.TryWriteBytes(newer.AsSpan(f.VersionAt), 2);
        File.WriteAllBytes(path, newer);
        Assert.Contains("version 2", Assert.Throws<DataException>(() => f.Load(path)).Message);
    }

    /// <summary>The format's tiny artifact written in a fresh folder: its path, bytes and expected dump.</summary>
    private (Format Format, string Path, byte[] Bytes, string Expected) Written(string name)
    {
        var f = Formats[name];
        var dir = Path.Combine(_dir, name);
        Directory.CreateDirectory(dir);
        var (path, expected) = f.Write(dir);
        return (f, path, File.ReadAllBytes(path), expected);
    }

    private static string InModel(string dir, Action<ModelWriter> save, string component, string file)
    {
        var model = Path.Combine(dir, "model");
        using (var w = new ModelWriter(model, "fingerprint", "test"))
        {
            save(w);
            w.Commit();
        }
        return Path.Combine(model, component, file);
    }

    /// <summary>The model folder a component file lives in, opened without checksums so the file's own checks run.</summary>
    private static ModelReader ModelOf(string path) => ModelReader.Open(Path.GetDirectoryName(Path.GetDirectoryName(path))!, verifyChecksums: false);

    private static Dataset TinyShop()
    {
        var baskets = BasketSet.FromLists([[0, 1], [0, 1, 2], [1, 2], [0, 3], [2, 3], [0, 1, 3]]);
        return SyntheticShop.DatasetOf(baskets, 4, users: 3, categories: ["A", "A", "B", null], titles: ["One", null, "Three", "Four"]);
    }

    private static (string, string) Baseline(string dir, string file)
    {
        var options = new BaselineOptions { Neighbours = 10, MinCoPurchases = 1, Threads = 1 };
        var model = BaselineModel.Build(TinyShop(), Keys, options);
        var path = InModel(dir, w => model.Save(w, options, Keys), BaselineModel.ComponentName, file);
        return (path, DumpBaseline(model));
    }

    private static float[] HnswVectors()
    {
        var r = new Random(5);
        var v = Enumerable.Range(0, 8 * 3).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
        Array.Clear(v, 5 * 3, 3); // a row without a vector stays out of the graph
        return v;
    }

    private static string Join<T>(IEnumerable<T> values) =>
        string.Join(" ", values.Select(v => v switch
        {
            null => "~",
            float x => x.ToString("R", CultureInfo.InvariantCulture),
            double x => x.ToString("R", CultureInfo.InvariantCulture),
            _ => Convert.ToString(v, CultureInfo.InvariantCulture),
        }));

    private static string DumpCatalog(ItemCatalog c) =>
        string.Join("|", Join(c.Ids), Join(c.Titles), Join(c.Categories), Join(c.Brands), Join(c.Price), Join(c.Cost), Join(c.Stock), c.CostAssumed);

    private static string DumpRules(RulesModel m)
    {
        var t = m.Cooccurrence;
        return string.Join("|", Join(m.ItemIds), t.Transactions, t.NeighborsPerItem, m.MinCount, m.MinConfidence.ToString("R", CultureInfo.InvariantCulture),
            Join(t.ItemCounts), Join(t.Offsets), Join(t.Neighbors), Join(t.PairCounts),
            string.Join(";", m.Rules.Select(r => $"{Join(r.Antecedent)}>{Join(r.Consequent)} {r.Count} {r.AntecedentCount} {r.ConsequentCount} {r.Transactions}")));
    }

    private static string DumpCooccurrence(ItemCooccurrence c, int minCount = 0)
    {
        var offsets = new List<int> { 0 };
        var neighbors = new List<int>();
        var counts = new List<int>();
        for (int a = 0; a < c.ItemCount; a++)
        {
            for (int k = c.Offsets[a]; k < c.Offsets[a + 1]; k++)
                if (c.Counts[k] >= minCount)
                { neighbors.Add(c.Neighbors[k]); counts.Add(c.Counts[k]); }
            offsets.Add(neighbors.Count);
        }
        return $"{c.ItemCount} {c.BasketCount} {Join(c.ItemCounts)}|{Join(offsets)}|{Join(neighbors)}|{Join(counts)}";
    }

    private static string DumpHnsw(HnswIndex h)
    {
        var s = new StringBuilder($"{h.Count} {h.Dimensions} {h.M} {h.EfConstruction} {h.EfSearch} {h.Entry} {h.MaxLevel}|{Join(h.Levels.ToArray())}|{Join(h.LinkCounts0.ToArray())}|{Join(h.Links0.ToArray())}");
        for (int node = 0; node < h.Count; node++)
            for (int l = 1; l <= h.Levels[node]; l++)
                s.Append($"|{node}@{l}:{Join(h.UpperLinks(node, l).ToArray())}");
        return s.ToString();
    }

    private static string DumpPairs(CooccurrencePairScorer p)
    {
        var s = new StringBuilder($"{p.BasketCount}|{Join(p.ItemCounts.ToArray())}");
        for (int a = 0; a < p.ItemCounts.Length; a++)
            for (int b = 0; b < p.ItemCounts.Length; b++)
                s.Append($"|{p.Score(a, b)}");
        return s.ToString();
    }

    private static string DumpUsers(BundleModel m) =>
        string.Join("|", Join(m.UserKeys), Join(m.Sensitivity), Join(m.HistoryOffsets), Join(m.HistoryItems), Join(m.HistoryTimes), DumpPairs(m.Pairs));

    private static string DumpBaseline(BaselineModel m) =>
        string.Join("|", Join(m.Catalog.Ids), Join(m.Catalog.Titles), Join(m.Catalog.Categories), Join(m.Catalog.Price), Join(m.Popularity),
            m.PairBaskets, Join(m.PairBasis), Join(m.NeighbourOffsets), Join(m.NeighbourItems), Join(m.NeighbourCounts), Join(m.NeighbourScores),
            Join(m.Profiles.Keys), Join(m.Profiles.Offsets), Join(m.Profiles.Items));

    // Captured from the build before the formats shared ArtifactCodec (commit 988cebd), not from the code under test.
    private const string GoldenCatalog =
        "42464341544C470001000000030000000102413101034D7567010E486F6D65203E204B69746368656E000000C03F0000003F03000000024232000104"
        + "486F6D65010441636D650000A0410000C0FFFFFFFFFF03C38733010454C3A9650000000050400000803F00000000";
    private const string GoldenRules =
        "424652554C4553000100000004000000030000006400000001000000000000000000D03F0161016202C3A70300000004000000020000000000000002"
        + "000000040000000600000006000000010000000200000000000000020000000100000000000000030000000100000003000000020000000200000001"
        + "000000020000000100000000000000010000000100000003000000030000000400000002000000000000000200000001000000010000000100000001"
        + "00000004000000";
    private const string GoldenVector =
        "42465645430000000100000002000000030000000000803F000020C0000040400000000095BFD633FFFF7F7F";
    private const string GoldenCooccurrence =
        "4246434F4F43000001000000040000000600000006000000030000000400000003000000040000000000000001000000030000000400000006000000"
        + "010000000000000003000000030000000100000002000000030000000300000002000000030000000200000003000000";
    // Regenerated when HnswIndex moved to SeededRandom (issue 14): same format, other random levels, so another graph.
    private const string GoldenHnsw =
        "4246484E5357000001000000080000000300000002000000080000000800000003000000080000000100000001000000010000000800000002000000"
        + "FFFFFFFF0000000002000000040000000400000004000000040000000400000000000000040000000400000004000000060000000300000002000000"
        + "060000000700000002000000040000000300000007000000010000000400000002000000000000000700000004000000000000000700000003000000"
        + "060000000000000000000000000000000000000001000000000000000400000003000000020000000100000004000000030000000200000004000000"
        + "030000000200000007000000020000000200000003000000070000000200000002000000000000000200000004000000070000000000000000000000"
        + "000000000000000000000000000000000200000000000000020000000200000003000000070000000200000002000000010000000200000003000000"
        + "04000000";
    private const string GoldenPairs =
        "4246434F010000000000000000001C4005000000000000000300000006000000090000000C0000000C00000001000000020000000300000000000000"
        + "02000000030000000000000001000000030000000000000001000000020000000C000000040000000100000001000000040000000100000002000000"
        + "010000000100000001000000010000000200000001000000040000000400000005000000030000000300000004000000000000000100000000000000"
        + "02000000";
    private const string GoldenUsers =
        "424642555345520001000000030000002037333534353435633930323466323130656535333739356166633136643831612035643163613939626139"
        + "643266353333396536386539653663633763663363642030643063623261376532373539623565373130313330663836656362383861381035BE3FF0"
        + "37983FF037983F0000000004000000090000000E00000000000000010000000000000003000000000000000100000002000000020000000300000001"
        + "0000000200000000000000010000000300000000F153650000000000F153650000000003F153650000000003F153650000000001F153650000000001"
        + "F153650000000001F153650000000004F153650000000004F153650000000002F153650000000002F153650000000005F153650000000005F1536500"
        + "00000005F1536500000000";
    private const string GoldenBaselineCatalog =
        "4246424C0100000007636174616C6F67040000000105736B752D300105736B752D310105736B752D320105736B752D330400000001034F6E65000105"
        + "54687265650104466F75720400000001014101014101014200040000000000803F000000400000404000008040040000000400000004000000030000"
        + "0003000000";
    private const string GoldenBaselineCooccurrence =
        "4246424C010000000C636F6F6363757272656E6365060000000400000004000000040000000300000003000000050000000000000003000000060000"
        + "00090000000C0000000C0000000100000003000000020000000000000002000000030000000100000003000000000000000000000002000000010000"
        + "000C0000000300000002000000010000000300000002000000010000000200000001000000010000000200000001000000010000000C000000000040"
        + "3F3ACD133F3ACD933E0000403F3ACD133F3ACD933E3ACD133FABAAAA3E3ACD933E3ACD133FABAAAA3E3ACD933E";
    private const string GoldenBaselineProfiles =
        "4246424C010000000870726F66696C657303000000012030643063623261376532373539623565373130313330663836656362383861380120356431"
        + "636139396261396432663533333965363865396536636337636633636401203733353435343563393032346632313065653533373935616663313664"
        + "383161040000000000000004000000080000000B0000000B000000020000000000000001000000030000000000000001000000020000000300000001"
        + "0000000000000003000000";
}
