using BundleForge.Bundles;
using BundleForge.Data;
using BundleForge.Neural;

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
