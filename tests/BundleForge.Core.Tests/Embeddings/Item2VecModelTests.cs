using BundleForge.Artifacts;
using BundleForge.Embeddings;
using BundleForge.Privacy;

namespace BundleForge.Core.Tests.Embeddings;

public sealed class Item2VecModelTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bf-item2vec-" + Guid.NewGuid().ToString("N"));
    private static readonly Pseudonymizer Keys = new("0123456789abcdef-test-secret"u8);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private (Item2VecModel Model, string ModelDir) TrainAndSave()
    {
        var baskets = SyntheticShop.GroupedBaskets(600, 3, 8, seed: 9);
        var categories = Enumerable.Range(0, 25).Select(i => i == 24 ? "Home>Kitchen" : i < 8 ? "Home>Kitchen" : i < 16 ? "Garden>Tools" : "Toys").ToArray<string?>();
        var titles = Enumerable.Range(0, 25).Select(i => i == 24 ? "new kitchen mug" : $"item {i}").ToArray<string?>();
        var data = SyntheticShop.DatasetOf(baskets, 25, users: 30, categories, titles);
        var options = new Item2VecOptions { Dimensions = 16, Epochs = 3, Deterministic = true };
        var (model, report) = Item2VecModel.Train(data, options, Keys);
        Assert.Equal(1, report.ColdStartItems); // item 24 has no purchase but shares Home>Kitchen
        var dir = Path.Combine(_dir, "model");
        using var w = new ModelWriter(dir, data.Fingerprint, data.Format);
        model.Save(w, options, new System.Text.Json.Nodes.JsonObject { ["seconds"] = report.Seconds });
        w.Commit();
        return (model, dir);
    }

    [Fact]
    public void Save_and_load_round_trip_every_part()
    {
        var (model, dir) = TrainAndSave();
        var loaded = Item2VecModel.Load(ModelReader.Open(dir));
        Assert.Equal(model.Embeddings.Input, loaded.Embeddings.Input);
        Assert.Equal(model.Embeddings.Output, loaded.Embeddings.Output);
        Assert.Equal(model.Embeddings.Source, loaded.Embeddings.Source);
        Assert.Equal(model.ItemIds, loaded.ItemIds);
        Assert.Equal(model.Cooccurrence.Count(0, 1) >= 2 ? model.Cooccurrence.Count(0, 1) : 0, loaded.Cooccurrence.Count(0, 1));
        Assert.Equal(model.Profiles!.Profiles.Count, loaded.Profiles!.Profiles.Count);
        Assert.Equal(model.Similar(3, 5), loaded.Similar(3, 5));
        Assert.Equal(16, Item2VecModel.OptionsFrom(ModelReader.Open(dir)).Dimensions);
        // cold-start item sits with its category peers
        var similar = loaded.Similar(loaded.IndexOf("sku-24"), 5);
        Assert.True(similar.Count(s => s.Id < 8) >= 4, string.Join(",", similar.Select(s => s.Id)));
    }

    [Fact]
    public void Profiles_round_trip_row_by_row_and_each_vector_is_its_users_own()
    {
        var (model, dir) = TrainAndSave();
        var loaded = Item2VecModel.Load(ModelReader.Open(dir)).Profiles!;
        var built = model.Profiles!;
        Assert.Equal(built.Vectors, loaded.Vectors);
        Assert.Equal(built.Profiles.Count * built.Dimensions, built.Vectors.Length);
        for (int r = 0; r < built.Profiles.Count; r++)
        {
            Assert.Equal(built.Profiles[r].Key, loaded.Profiles[r].Key);
            Assert.Equal(built.Profiles[r].Purchases, loaded.Profiles[r].Purchases);
            Assert.Equal(built.Profiles[r].PriceBands, loaded.Profiles[r].PriceBands);
            Assert.Equal(built.Profiles[r].TypicalSpend, loaded.Profiles[r].TypicalSpend); // NaN when unpriced: written as a literal
            // Every user bought something with a vector, so every row is a unit vector, none left zero by a misplaced copy.
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(built.Vectors.AsSpan(r * built.Dimensions, built.Dimensions));
            Assert.InRange(norm, 0.999f, 1.001f);
        }
        // Rows differ between users: a copy into the wrong row would repeat one user's vector.
        Assert.NotEqual(built.Vectors.AsSpan(0, built.Dimensions).ToArray(), built.Vectors.AsSpan(built.Dimensions, built.Dimensions).ToArray());
    }

    [Fact]
    public void A_broken_profiles_file_is_a_clear_error_naming_it()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, UserProfileFile.FileName);
        File.WriteAllText(path, "[{\"key\": 3");
        var e = Assert.Throws<DataException>(() => UserProfileFile.Read(path));
        Assert.Contains("profiles.json", e.Message);
    }

    [Fact]
    public void Profiles_hold_pseudonymous_keys_only()
    {
        var (_, dir) = TrainAndSave();
        var text = File.ReadAllText(Path.Combine(dir, "item2vec", "profiles.json"));
        Assert.DoesNotContain("customer-", text);
        Assert.Contains(Keys.Key("customer-3"), text);
    }

    [Fact]
    public void Unknown_items_and_corrupted_files_are_clear_errors()
    {
        var (_, dir) = TrainAndSave();
        var loaded = Item2VecModel.Load(ModelReader.Open(dir));
        Assert.Throws<DataException>(() => loaded.IndexOf("no-such-sku"));
        var vec = Path.Combine(dir, "item2vec", "input.vec");
        var bytes = File.ReadAllBytes(vec);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(vec, bytes);
        var e = Assert.Throws<DataException>(() => ModelReader.Open(dir));
        Assert.Contains("Checksum", e.Message);
    }

    [Fact]
    public void Vector_file_rejects_truncation_bad_magic_and_dimension_mismatch()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "v.vec");
        VectorFile.Write(path, new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, VectorFile.Read(path, out int rows, out int dims));
        Assert.Equal((2, 3), (rows, dims));
        Assert.Contains("Dimension mismatch", Assert.Throws<DataException>(() => VectorFile.Read(path, out _, out _, expectedDimensions: 4)).Message);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]);
        Assert.Contains("truncated", Assert.Throws<DataException>(() => VectorFile.Read(path, out _, out _)).Message);
        bytes[0] = (byte)'X';
        File.WriteAllBytes(path, bytes);
        Assert.Contains("magic", Assert.Throws<DataException>(() => VectorFile.Read(path, out _, out _)).Message);
    }
}
