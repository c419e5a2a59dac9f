using BundleForge.Bundles;
using BundleForge.Bundles.Candidates;
using BundleForge.Data;

namespace BundleForge.Neural.Tests;

public class SequenceCandidateSourceTests
{
    /// <summary>A catalog holding the model's items in reverse order plus one item the model does not know.</summary>
    private static ItemCatalog ReversedCatalog(string[] modelIds)
    {
        var ids = modelIds.Reverse().Append("NEW").ToArray();
        int n = ids.Length;
        return new ItemCatalog(ids, ids.Select(i => (string?)("T" + i)).ToArray(), new string?[n], new string?[n],
            Enumerable.Repeat(10f, n).ToArray(), Enumerable.Repeat(5f, n).ToArray(), Enumerable.Repeat(-1, n).ToArray(), false);
    }

    [Fact]
    public void NextItemScores_BecomeCandidates_InTheCatalogsIds()
    {
        TorchRuntime.Ensure();
        TorchSharp.torch.manual_seed(3);
        var modelIds = SyntheticSequences.ItemIds(12);
        using var scorer = new SequenceScorer(new SequenceTransformer(new SequenceModelConfig { ItemCount = 12, MaxLength = 6, Dim = 8, Heads = 2, Blocks = 1 }), modelIds);
        var catalog = ReversedCatalog(modelIds);
        var signals = new SequenceBundleSignals("sasrec") { Weight = 2 }.For(scorer, catalog);
        var source = Assert.Single(signals.Sources);
        Assert.Equal("sasrec", source.Name);
        Assert.Equal(2, source.Weight);

        // Catalog item k is model item 11 − k; the history is given in catalog ids.
        var user = new UserContext { User = 0, History = [catalog.IndexOf(modelIds[1]), catalog.IndexOf(modelIds[2]), 12], HistoryTime = [1, 2, 3] };
        var into = new List<Candidate>();
        source.Collect(user, 5, into);
        var expected = scorer.TopK([1, 2], 5);
        Assert.Equal(expected.Select(x => catalog.IndexOf(modelIds[x.Item])), into.Select(c => c.Item));
        Assert.Equal(1f, into[0].Score, 5);
        Assert.All(into, c => Assert.InRange(c.Score, 1e-9f, 1f));
        Assert.Equal(MathF.Exp(expected[1].Score - expected[0].Score), into[1].Score, 4);

        // No known history: nothing to say.
        into.Clear();
        source.Collect(new UserContext { History = [12] }, 5, into);
        Assert.Empty(into);
    }
}

public class SequenceScorerTopKTests
{
    [Theory]
    [InlineData(SequenceModelKind.SasRec)]
    [InlineData(SequenceModelKind.Bert4Rec)]
    public void TopK_FeedsOnlyRealTokens_AndAgreesWithThePaddedScores(SequenceModelKind kind)
    {
        TorchRuntime.Ensure();
        TorchSharp.torch.manual_seed(5);
        var config = new SequenceModelConfig { Kind = kind, ItemCount = 30, MaxLength = 8, Dim = 16, Heads = 2, Blocks = 2 };
        using var scorer = new SequenceScorer(new SequenceTransformer(config), SyntheticSequences.ItemIds(30));
        scorer.Network.eval();
        // Short, exactly full and longer-than-the-window histories.
        foreach (var history in new[] { new[] { 4 }, new[] { 3, 9, 27 }, Enumerable.Range(0, 8).ToArray(), Enumerable.Range(5, 20).ToArray() })
        {
            var padded = scorer.Scores(history);
            var top = scorer.TopK(history, 5);
            var expected = padded.Select((s, i) => (Item: i, Score: s)).OrderByDescending(x => x.Score).Take(5).ToArray();
            Assert.Equal(expected.Select(x => x.Item), top.Select(x => x.Item));
            for (int k = 0; k < 5; k++)
                Assert.Equal(expected[k].Score, top[k].Score, 3);
        }
    }

    [Fact]
    public void TopK_FromManyThreadsAtOnce_GivesTheSingleThreadedAnswers()
    {
        TorchRuntime.Ensure();
        TorchSharp.torch.manual_seed(6);
        var config = new SequenceModelConfig { ItemCount = 40, MaxLength = 10, Dim = 16, Heads = 2, Blocks = 1 };
        using var scorer = new SequenceScorer(new SequenceTransformer(config), SyntheticSequences.ItemIds(40));
        scorer.Network.eval();
        var histories = Enumerable.Range(0, 16).Select(u => Enumerable.Range(0, 1 + u % 9).Select(j => (u * 7 + j * 3) % 40).ToArray()).ToArray();
        var expected = histories.Select(h => scorer.TopK(h, 6).Select(x => x.Item).ToArray()).ToArray();
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
            Assert.Equal(expected[k % 16], scorer.TopK(histories[k % 16], 6).Select(x => x.Item).ToArray()));
    }
}
