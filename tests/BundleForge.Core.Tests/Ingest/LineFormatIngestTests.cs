using BundleForge.Data;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;

namespace BundleForge.Core.Tests.Ingest;

public class LineFormatIngestTests
{
    [Fact]
    public void Fimi_OneBasketPerLine_DuplicateItemsMerged()
    {
        var d = DatasetLoader.Load(new LoadRequest { Path = Fixture.Path("fimi.dat"), Format = DataFormat.Fimi });
        Assert.Equal(4, d.Baskets.Count);
        Assert.Equal(5, d.Items.Count);
        Assert.Equal(0, d.Users.Count);
        Assert.Equal(["3", "4", "5"], d.Baskets[2].ToArray().Select(i => d.Items.Ids[i]).ToArray());
        Assert.Equal(1, d.Report.Removed["duplicate"]); // "3 4 5 3": the second 3 is an exact duplicate row
        Assert.False(d.HasRealTime);
    }

    [Fact]
    public void SeqRec_KeepsEachUsersOrder()
    {
        var d = DatasetLoader.Load(new LoadRequest { Path = Fixture.Path("seqrec.txt"), Format = DataFormat.SeqRec });
        Assert.Equal(3, d.Users.Count);
        Assert.Equal(9, d.Interactions.Count);
        int u3 = d.Users.IndexOf("3");
        Assert.Equal(["10", "12", "13", "14"], d.Sequences[u3].ToArray().Select(i => d.Items.Ids[i]).ToArray());
    }

    [Fact]
    public void SasRec_PairsInFileOrder()
    {
        var d = DatasetLoader.Load(new LoadRequest { Path = Fixture.Path("sasrec.txt"), Format = DataFormat.SasRec });
        int u2 = d.Users.IndexOf("2");
        Assert.Equal(["11", "12", "10"], d.Sequences[u2].ToArray().Select(i => d.Items.Ids[i]).ToArray());
    }

    [Fact]
    public void CrossCbr_ReadsBundlesAndSplits()
    {
        var d = DatasetLoader.Load(new LoadRequest { Path = Fixture.Path("crosscbr") });
        Assert.Equal("crosscbr", d.Format);
        Assert.NotNull(d.Bundles);
        var b = d.Bundles!;
        Assert.Equal(2, b.Count);
        Assert.Equal(["0", "1"], b[0].ToArray().Select(i => d.Items.Ids[i]).ToArray());
        Assert.Equal(2, b.Train.Length);
        Assert.Single(b.Tune);
        Assert.Single(b.Test);
        Assert.Equal((d.Users.IndexOf("2"), 1), b.Test[0]);
    }

    [Fact]
    public void IntegerLines_WithoutFormat_AskForOne()
    {
        var e = Assert.Throws<DataException>(() => DatasetLoader.Load(new LoadRequest { Path = Fixture.Path("fimi.dat") }));
        Assert.Contains("--format", e.Message);
    }
}
