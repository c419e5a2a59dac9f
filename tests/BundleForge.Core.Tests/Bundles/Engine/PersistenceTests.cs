using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Pricing;
using BundleForge.Data;

namespace BundleForge.Core.Tests.Bundles.Engine;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bf-persist-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void PairScorer_RoundTripsThroughAFile()
    {
        var baskets = BasketSet.FromLists([[0, 1], [0, 1, 2], [0, 1], [2, 3], [1, 3], [0, 1, 3], [2]]);
        var catalog = BundleTestData.Catalog([1f, 1f, 1f, 1f], [0.5f, 0.5f, 0.5f, 0.5f], ["A", "B", "A", "C"]);
        var built = CooccurrencePairScorer.Build(baskets, 4, catalog);
        var path = Path.Combine(_dir, "pairs.bin");
        built.Save(path);
        var loaded = CooccurrencePairScorer.Load(path);
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++)
                Assert.Equal(built.Score(a, b), loaded.Score(a, b));
        Assert.Equal(4, built.CoCount(0, 1));
        Assert.True(built.Score(0, 1).Complementarity > 0);
    }

    [Fact]
    public void DamagedPairFile_IsAUserError()
    {
        var path = Path.Combine(_dir, "bad.bin");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Throws<DataException>(() => CooccurrencePairScorer.Load(path));
        var good = Path.Combine(_dir, "good.bin");
        CooccurrencePairScorer.Build(BasketSet.FromLists([[0, 1]]), 2).Save(good);
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 3)]);
        Assert.Throws<DataException>(() => CooccurrencePairScorer.Load(path));
    }

    [Fact]
    public void Feedback_RoundTripsThroughAFile()
    {
        var f = new AcceptanceFeedback();
        for (int k = 0; k < 20; k++)
            f.Record(new OfferEvent(k % 4 == 0 ? OfferEventKind.Accepted : OfferEventKind.Declined, "budget", 0.1, 0.3));
        f.Record(new OfferEvent(OfferEventKind.Shown, "premium", 0.0, 0.3));
        var path = Path.Combine(_dir, "feedback.json");
        f.Save(path);
        var g = AcceptanceFeedback.Load(path);
        var r1 = new SeededRandom(1);
        var r2 = new SeededRandom(1);
        Assert.Equal(f.Calibration("budget", 0.1, 0.3, ref r1, false), g.Calibration("budget", 0.1, 0.3, ref r2, false), 12);
        Assert.Equal(f.Counts("premium", 0.0), g.Counts("premium", 0.0));
        File.WriteAllText(path, "{\"version\": 1}");
        Assert.Throws<DataException>(() => AcceptanceFeedback.Load(path));
    }

    [Fact]
    public void OfferEventNames_Parse()
    {
        Assert.Equal(OfferEventKind.Shown, OfferEvent.ParseKind("offer_shown"));
        Assert.Equal(OfferEventKind.Accepted, OfferEvent.ParseKind("offer_accepted"));
        Assert.Equal(OfferEventKind.Declined, OfferEvent.ParseKind("offer_declined"));
        Assert.Equal("event", Assert.Throws<DataException>(() => OfferEvent.ParseKind("offer_clicked")).Field);
    }
}
