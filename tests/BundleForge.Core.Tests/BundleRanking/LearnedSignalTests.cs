using BundleForge.Artifacts;
using BundleForge.BundleRanking;
using BundleForge.Training;

namespace BundleForge.Core.Tests.BundleRanking;

/// <summary>The blend's eighth signal, the dot product of learned vectors (CrossCBR in the Neural project; here a
/// closed-form learner, since the core does not reference TorchSharp): its weight is chosen on the carved split, it is
/// stored beside ranker.bin and served from there, and a folder without it serves as before.</summary>
public sealed class LearnedSignalTests : IDisposable
{
    private readonly string _dir = Fixture.TempDir();

    public void Dispose()
    {
        try
        { Directory.Delete(_dir, true); }
        catch (IOException) { }
    }

    private static readonly BundleRankerOptions Small = new() { Lambdas = [10f], DiagonalWeights = [1f], BlendWeights = [0f, 0.4f, 1.6f], ValidationK = 2 };

    /// <summary>Knows each user's held-out bundles when it is given them (validation) and otherwise their own: a signal
    /// that finds exactly the carved pairs, so the ascent must weight it.</summary>
    private sealed class HeldOutLearner : IBundleVectorLearner
    {
        public int Calls { get; private set; }
        public string Name => "held-out";

        public LearnedBundleVectors Learn(BundleGraph graph, int[][]? validation, int epochs, int seed, int threads, IProgress<ProgressUpdate>? progress,
            CancellationToken cancellation)
        {
            Calls++;
            int n = graph.BundleCount;
            var users = new float[graph.Lists.Length * n];
            var source = validation ?? graph.Lists;
            for (int u = 0; u < source.Length; u++)
                foreach (int b in source[u])
                    users[u * n + b] = 1;
            var bundles = new float[n * n];
            for (int b = 0; b < n; b++)
                bundles[b * n + b] = 1;
            return new LearnedBundleVectors(n, users, bundles, validation is null ? epochs : 7);
        }
    }

    private (TrainingResult Result, BundleRankerReport Report) Train(string name, BundleRankerOptions options)
    {
        var folder = Path.Combine(_dir, "shop-" + name);
        Directory.CreateDirectory(folder);
        var data = GeneratedBundleShop.Write(folder, withTest: false);
        var result = TrainingPipeline.Run(data, new TrainingPlan { OutputFolder = Path.Combine(_dir, name), Models = [options], Threads = 2, Seed = 7 }, null,
            CancellationToken.None);
        return (result, Assert.IsType<BundleRankerReport>(Assert.Single(result.Models)));
    }

    [Fact]
    public void A_learned_signal_that_finds_the_carved_pairs_is_weighted_stored_and_served()
    {
        var learner = new HeldOutLearner();
        var (plainResult, plain) = Train("plain", Small);
        var (result, learned) = Train("learned", Small with { Learner = learner });
        Assert.Equal(2, learner.Calls);
        Assert.Equal("held-out", learned.Learner);
        Assert.Equal(7, learned.LearnedEpochs);
        Assert.True(learned.Settings.Learned > 0, $"learned weight {learned.Settings.Learned}");
        Assert.True(learned.ValidationRecall + learned.ValidationNdcg > plain.ValidationRecall + plain.ValidationNdcg, $"{learned.ValidationRecall} + {learned.ValidationNdcg} vs {plain.ValidationRecall} + {plain.ValidationNdcg}");
        Assert.True(learned.LearnedValidationRecall > 0.99, $"alone {learned.LearnedValidationRecall}");

        var model = BundleRankerModel.Load(ModelReader.Open(result.ModelFolder));
        var vectors = Assert.IsType<CustomerVectors>(model.Vectors);
        Assert.Equal(learned.Settings.Learned, vectors.Weight);
        Assert.Equal(7, vectors.Epochs);
        // A customer's own bundles (the final run's vectors) are lifted by the learned part; the plain scores are not.
        var key = vectors.Keys[0];
        int row = vectors.RowOf(key);
        var plainScores = new float[model.BundleCount];
        var scores = new float[model.BundleCount];
        model.Score(null, [], [], plainScores);
        model.Score(key, [], [], scores);
        for (int b = 0; b < scores.Length; b++)
            Assert.Equal(plainScores[b] + vectors.Factor * vectors.Users[row * vectors.Dim + b], scores[b], 4);
        Assert.True(model.Explain(key, 0, [], []).FromLearned == vectors.Factor * vectors.Users[row * vectors.Dim]);

        // Without a learner: no learned.bin, no learned part, the same scores for a key as without one.
        Assert.False(File.Exists(Path.Combine(plainResult.ModelFolder, BundleRankerModel.Component, CustomerVectors.FileName)));
        var before = BundleRankerModel.Load(ModelReader.Open(plainResult.ModelFolder));
        Assert.Null(before.Vectors);
        var a = new float[before.BundleCount];
        var b2 = new float[before.BundleCount];
        before.Score(key, [], [], a);
        before.Score([], [], b2);
        Assert.Equal(b2, a);
        Assert.Null(plain.Learner);
    }

    [Fact]
    public void A_corrupt_learned_file_is_a_clear_error()
    {
        var path = Path.Combine(_dir, CustomerVectors.FileName);
        new CustomerVectors("x", ["a", "b"], [1, 2, 3, 4], [1, 0, 0, 1, 1, 1], 2, 1, 1, 3).Write(path);
        var back = CustomerVectors.Read(path, 3);
        Assert.Equal(1, back.RowOf("b"));
        Assert.Equal(-1, back.RowOf("c"));
        var error = Assert.Throws<DataException>(() => CustomerVectors.Read(path, 4));
        Assert.Contains("bundle", error.Message, StringComparison.Ordinal);
    }
}
