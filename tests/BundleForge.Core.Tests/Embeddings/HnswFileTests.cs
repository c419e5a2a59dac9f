using BundleForge.Artifacts;
using BundleForge.Embeddings;
using BundleForge.Privacy;

namespace BundleForge.Core.Tests.Embeddings;

public sealed class HnswFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bf-hnsw-" + Guid.NewGuid().ToString("N"));

    public HnswFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private static float[] Uniform(int rows, int dims, int seed)
    {
        var r = new Random(seed);
        var v = new float[rows * dims];
        for (int i = 0; i < v.Length; i++)
            v[i] = (float)(r.NextDouble() * 2 - 1);
        return v;
    }

    private (float[] Vectors, HnswIndex Index, string Path) SavedIndex()
    {
        var v = Uniform(1500, 16, 1);
        Array.Clear(v, 7 * 16, 16); // a row without a vector stays out of the graph
        var index = new HnswIndex(v, 16, m: 8, efConstruction: 60, efSearch: 40, seed: 3);
        var path = System.IO.Path.Combine(_dir, "index.hnsw");
        HnswFile.Write(path, index);
        return (v, index, path);
    }

    [Fact]
    public void Round_trip_gives_the_same_graph_and_answers()
    {
        var (v, index, path) = SavedIndex();
        var loaded = HnswFile.Read(path, v, 16);
        Assert.Equal(index.Levels.ToArray(), loaded.Levels.ToArray());
        Assert.Equal(index.Links0.ToArray(), loaded.Links0.ToArray());
        Assert.Equal(index.LinkCounts0.ToArray(), loaded.LinkCounts0.ToArray());
        Assert.Equal((index.Entry, index.MaxLevel, index.M, index.EfSearch), (loaded.Entry, loaded.MaxLevel, loaded.M, loaded.EfSearch));
        Assert.True(index.MaxLevel >= 1, "the test graph should have upper layers");
        var queries = Uniform(25, 16, 2);
        for (int q = 0; q < 25; q++)
            Assert.Equal(index.TopK(queries.AsSpan(q * 16, 16), 10), loaded.TopK(queries.AsSpan(q * 16, 16), 10));
        Assert.Equal(-1, loaded.Levels[7]);
    }

    [Fact]
    public void Truncated_file_is_a_clear_error_at_every_length()
    {
        var (v, _, path) = SavedIndex();
        var bytes = File.ReadAllBytes(path);
        foreach (int keep in new[] { 0, 5, 20, 47, 48, 1000, bytes.Length / 2, bytes.Length - 4, bytes.Length - 1 })
        {
            File.WriteAllBytes(path, bytes[..keep]);
            var e = Assert.Throws<DataException>(() => HnswFile.Read(path, v, 16));
            Assert.Contains("truncated", e.Message);
            Assert.Equal(path, e.File);
        }
    }

    [Fact]
    public void Corrupted_fields_are_clear_errors()
    {
        var (v, _, path) = SavedIndex();
        var original = File.ReadAllBytes(path);
        void Expect(string message, Action<byte[]> corrupt)
        {
            var bytes = (byte[])original.Clone();
            corrupt(bytes);
            File.WriteAllBytes(path, bytes);
            Assert.Contains(message, Assert.Throws<DataException>(() => HnswFile.Read(path, v, 16)).Message);
        }
        const int header = 40, rows = 1500;
        Expect("magic", b => b[0] = (byte)'X');
        Expect("version", b => BitConverter.TryWriteBytes(b.AsSpan(8), 99));
        Expect("Row mismatch", b => BitConverter.TryWriteBytes(b.AsSpan(12), 1499));
        Expect("Dimension mismatch", b => BitConverter.TryWriteBytes(b.AsSpan(16), 8));
        Expect("corrupted", b => BitConverter.TryWriteBytes(b.AsSpan(header + 4 * (2 * rows)), 123_456)); // first layer-0 link of row 0
        Expect("corrupted", b => BitConverter.TryWriteBytes(b.AsSpan(header + 4 * rows), 99)); // row 0's layer-0 link count
        Expect("corrupted", b => BitConverter.TryWriteBytes(b.AsSpan(header), 17)); // row 0 above the top layer
        Expect("corrupted", b => BitConverter.TryWriteBytes(b.AsSpan(header + 4 * (2 * rows)), 7)); // a link to the row without a vector
        Assert.Contains("corrupted", Assert.Throws<DataException>(() =>
        {
            File.WriteAllBytes(path, [.. original, 0, 0, 0, 0]);
            HnswFile.Read(path, v, 16);
        }).Message);
        Assert.Throws<DataException>(() => HnswFile.Read(path, v.AsSpan(0, 16 * 100).ToArray(), 16));
    }

    [Fact]
    public void Model_saves_the_index_above_the_threshold_and_loads_it_instead_of_rebuilding()
    {
        var baskets = SyntheticShop.GroupedBaskets(600, 3, 8, seed: 9);
        var data = SyntheticShop.DatasetOf(baskets, 25, users: 30, null, null);
        var options = new Item2VecOptions { Dimensions = 16, Epochs = 3, Deterministic = true, ApproximateIndexFromItems = 10 };
        var (model, _) = Item2VecModel.Train(data, options, new Pseudonymizer("0123456789abcdef-test-secret"u8));
        Assert.NotNull(model.ApproximateIndex);
        var dir = System.IO.Path.Combine(_dir, "model");
        using (var w = new ModelWriter(dir, data.Fingerprint, data.Format))
        {
            model.Save(w, options, new System.Text.Json.Nodes.JsonObject());
            w.Commit();
        }
        var indexPath = System.IO.Path.Combine(dir, "item2vec", Item2VecModel.IndexFile);
        Assert.True(File.Exists(indexPath));
        var loaded = Item2VecModel.Load(ModelReader.Open(dir));
        Assert.IsType<HnswIndex>(loaded.Index);
        Assert.Equal(model.ApproximateIndex!.Links0.ToArray(), loaded.ApproximateIndex!.Links0.ToArray());
        for (int i = 0; i < 24; i++)
            Assert.Equal(model.Similar(i, 5), loaded.Similar(i, 5));

        // below the threshold: no file, the exact index
        var small = options with { ApproximateIndexFromItems = 1000 };
        var (exactModel, _) = Item2VecModel.Train(data, small, null);
        Assert.Null(exactModel.ApproximateIndex);
        Assert.IsType<ExactCosineIndex>(exactModel.Index);

        // a corrupted index file is caught by the manifest checksum before it is parsed
        var bytes = File.ReadAllBytes(indexPath);
        bytes[28] ^= 0x40; // the entry node
        File.WriteAllBytes(indexPath, bytes);
        Assert.Contains("Checksum", Assert.Throws<DataException>(() => ModelReader.Open(dir)).Message);
        // and without checksum verification the file's own checks stop it
        Assert.Throws<DataException>(() => Item2VecModel.Load(ModelReader.Open(dir, verifyChecksums: false)));
    }
}
