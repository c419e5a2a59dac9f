using static TorchSharp.torch;

namespace BundleForge.Neural.Tests;

/// <summary>The network as the core's next-item evaluation sees it: the scores of a batch padded to its own longest
/// history are those of each history scored alone, its top k are the best of those scores, and it leaves the network
/// in the mode it found it.</summary>
public class SequenceNextItemScorerTests
{
    private static SequenceTransformer Net(SequenceModelKind kind)
    {
        TorchRuntime.Ensure();
        manual_seed(5);
        return new SequenceTransformer(new SequenceModelConfig { Kind = kind, ItemCount = 30, MaxLength = 8, Dim = 16, Blocks = 2, Heads = 2, Dropout = 0.2 });
    }

    [Theory]
    [InlineData(SequenceModelKind.SasRec)]
    [InlineData(SequenceModelKind.Bert4Rec)]
    public void Batch_scores_match_each_history_scored_alone_and_the_top_k_is_their_best(SequenceModelKind kind)
    {
        using var net = Net(kind);
        net.train();   // as during validation inside training: the scorer must score without dropout
        int[][] histories = [[3], [4, 9, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]];
        var offsets = new int[histories.Length + 1];
        for (int r = 0; r < histories.Length; r++)
            offsets[r + 1] = offsets[r] + histories[r].Length;
        int[] items = [.. histories.SelectMany(h => h)];
        var scores = new float[histories.Length * 30];
        var top = new int[histories.Length * 5];
        var scorer = new SequenceNextItemScorer(net);
        scorer.Score(offsets, items, scores, 5, top);
        Assert.True(net.training);

        net.eval();
        var alone = new SequenceScorer(net, Enumerable.Range(0, 30).Select(i => $"i{i}").ToArray());
        for (int r = 0; r < histories.Length; r++)
        {
            var expected = alone.Scores(histories[r]);
            var row = scores.AsSpan(r * 30, 30).ToArray();
            for (int i = 0; i < 30; i++)
                Assert.Equal(expected[i], row[i], 4);
            var best = Enumerable.Range(0, 30).OrderByDescending(i => row[i]).Take(5).ToArray();
            Assert.Equal(best, top.AsSpan(r * 5, 5).ToArray());
        }
        scorer.Dispose();   // does not own the network
        Assert.Equal(30, alone.Scores([1]).Length);
    }

    [Fact]
    public void An_owning_scorer_disposes_the_network()
    {
        var net = Net(SequenceModelKind.SasRec);
        new SequenceNextItemScorer(net, ownsNetwork: true).Dispose();
        Assert.ThrowsAny<Exception>(() => net.parameters().First().sum().item<float>());
    }
}
