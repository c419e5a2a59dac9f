using BundleForge.Artifacts;
using BundleForge.Bundles.Engine;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Privacy;
using BundleForge.Training;

namespace BundleForge.Text.Tests;

/// <summary>Issue 17: the text model trained through Core's pipeline on a small catalog written for the tests: the
/// vectors are deterministic, a changed title changes its vector and nothing else (the others are reused), and a
/// corrupted vector file is a one-line error naming it.</summary>
public sealed class TextModelTests : IDisposable
{
    private readonly SmallShop _shop = new();

    public void Dispose() => _shop.Dispose();

    private TrainingResult Train(Dataset data, string folder, params IModelOptions[] models) => TrainingPipeline.Run(data, new TrainingPlan
    {
        OutputFolder = _shop.PathOf(folder),
        Models = models.Length == 0 ? [new TextModelOptions()] : models,
        Threads = 2,
        Seed = 3,
        Pseudonymizer = new Pseudonymizer("test-secret-0123456789"u8),
    }, null, CancellationToken.None);

    private static ItemTextVectors VectorsOf(TrainingResult result)
    {
        var reader = ModelReader.Open(result.ModelFolder);
        return ItemTextVectors.Load(reader, CatalogComponent.Load(reader));
    }

    [Fact]
    public void Vectors_are_unit_length_deterministic_and_recorded_with_the_encoder()
    {
        var data = _shop.Load();
        var first = Train(data, "a");
        var second = Train(data, "b");

        var a = VectorsOf(first);
        var b = VectorsOf(second);
        Assert.Equal(TextEncoder.ModelName, a.Encoder);
        Assert.Equal(TextEncoder.VectorDimensions, a.Dimensions);
        Assert.Equal(data.Items.Ids, a.ItemIds);
        Assert.Equal(a.Vectors, b.Vectors);
        Assert.Equal(a.TextHashes, b.TextHashes);

        var report = first.Report<TextModelReport>();
        Assert.Equal(data.Items.Count, report.Items);
        Assert.Equal(1, report.WithoutText);
        Assert.Equal(data.Items.Count - 1, report.Encoded);
        Assert.Equal(0, report.Reused);
        for (int i = 0; i < a.Count; i++)
        {
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(a.VectorOf(i));
            if (data.Items.Ids[i] == "NOTEXT")
                Assert.Equal(0f, norm);
            else
                Assert.InRange(norm, 0.999f, 1.001f);
        }
        var manifest = ModelReader.Open(first.ModelFolder).Manifest.Components[ItemTextVectors.Component];
        Assert.Equal(TextEncoder.ModelName, manifest.Parameters["encoder"]!.GetValue<string>());
        Assert.Equal(64, manifest.Files[ItemTextVectors.VectorsFile].Sha256.Length);
    }

    [Fact]
    public void A_changed_title_changes_its_vector_and_nothing_else()
    {
        var before = _shop.Load();
        var first = VectorsOf(Train(before, "model"));

        var after = _shop.Load(new Dictionary<string, string> { ["MUG"] = "GARDEN HOSE REEL" });
        var retrained = Train(after, "model"); // the same folder: unchanged texts are reused
        var second = VectorsOf(retrained);
        var report = retrained.Report<TextModelReport>();
        Assert.Equal(1, report.Encoded);
        Assert.Equal(after.Items.Count - 2, report.Reused);

        int mug = after.Items.IndexOf("MUG");
        for (int i = 0; i < second.Count; i++)
        {
            if (i == mug)
                Assert.True(VectorMath.Cosine(first.VectorOf(i), second.VectorOf(i)) < 0.9f, "the retitled item kept its vector");
            else
                Assert.True(first.VectorOf(i).SequenceEqual(second.VectorOf(i)), $"item {after.Items.Ids[i]} changed");
        }
        Assert.NotEqual(first.TextHashes[mug], second.TextHashes[mug]);

        // What was reused is exactly what encoding from scratch gives.
        var fresh = VectorsOf(Train(after, "fresh", new TextModelOptions { Reuse = false }));
        Assert.Equal(fresh.Vectors, second.Vectors);
    }

    [Fact]
    public void A_corrupted_vector_file_is_a_one_line_error_naming_the_file()
    {
        var result = Train(_shop.Load(), "model");
        var file = Path.Combine(result.ModelFolder, ItemTextVectors.Component, ItemTextVectors.VectorsFile);
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);

        // The manifest's checksum catches it when the folder is opened...
        var opened = Assert.Throws<DataException>(() => ModelReader.Open(result.ModelFolder));
        Assert.Contains(file, opened.Message);
        Assert.DoesNotContain('\n', opened.Message);

        // ...and the file's own checks when it is read without them.
        var reader = ModelReader.Open(result.ModelFolder, verifyChecksums: false);
        var read = Assert.Throws<DataException>(() => ItemTextVectors.Load(reader, CatalogComponent.Load(reader)));
        Assert.Equal(file, read.File);
        Assert.Contains("text vector file is truncated", read.Message);
        Assert.DoesNotContain('\n', read.Message);
    }

    [Fact]
    public void Without_text_in_the_plan_no_text_component_is_written_and_bundles_use_no_text_signal()
    {
        var data = _shop.Load();
        var without = Train(data, "without", new BundleModelOptions());
        Assert.False(ModelReader.Open(without.ModelFolder).Has(ItemTextVectors.Component));
        Assert.Empty(without.Report<BundlesReport>().Signals);

        var with = Train(data, "with", new TextModelOptions(), new BundleModelOptions());
        Assert.Equal(["text", "bundles"], with.Models.Select(m => m.Component));
        Assert.Equal([ItemTextVectors.Component], with.Report<BundlesReport>().Signals);
    }

    [Fact]
    public void A_bad_batch_size_names_the_option()
    {
        var e = Assert.Throws<DataException>(() => new TextModelOptions { BatchSize = 0 }.Validate());
        Assert.Equal("Text.BatchSize", e.Field);
    }
}
