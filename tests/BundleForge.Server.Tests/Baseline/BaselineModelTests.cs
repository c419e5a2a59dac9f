using BundleForge.Artifacts;
using BundleForge.Baseline;
using BundleForge.Server.Baseline;
using BundleForge.Server.Models;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Tests.Baseline;

public class BaselineModelTests
{
    [Fact]
    public void Neighbours_rank_the_real_co_purchases_first_with_their_counts()
    {
        var m = BaselineModel.Build(TestData.Dataset(), TestData.Pseudonymizer, TestData.Options);
        int Start(int i) => m.NeighbourOffsets[i];
        Assert.Equal(1, m.NeighbourItems[Start(0)]);
        Assert.Equal(30, m.NeighbourCounts[Start(0)]);
        Assert.Equal(3, m.NeighbourItems[Start(2)]);
        Assert.Equal(15, m.NeighbourCounts[Start(2)]);
        // I19 is never bought with anything.
        Assert.Equal(0, m.NeighbourOffsets[20] - m.NeighbourOffsets[19]);
        Assert.Equal(40, m.Popularity[19]);
    }

    [Fact]
    public void Saved_model_loads_back_identically_and_holds_no_raw_user_id()
    {
        var dir = TestData.WriteModel();
        var loaded = BaselineModel.Load(ModelReader.Open(dir));
        var built = BaselineModel.Build(TestData.Dataset(), TestData.Pseudonymizer, TestData.Options);
        Assert.Equal(built.NeighbourItems, loaded.NeighbourItems);
        Assert.Equal(built.NeighbourCounts, loaded.NeighbourCounts);
        Assert.Equal(built.NeighbourScores, loaded.NeighbourScores);
        Assert.Equal(built.Popularity, loaded.Popularity);
        Assert.Equal(built.Catalog.Ids, loaded.Catalog.Ids);
        Assert.Equal(built.Profiles.Keys, loaded.Profiles.Keys);
        var lonerKey = TestData.Pseudonymizer.Key("loner");
        Assert.Equal([2], loaded.Profiles.HistoryOf(lonerKey));
        Assert.False(TestData.AnyFileContains(dir, "user-3"));
        Assert.False(TestData.AnyFileContains(dir, "loner"));
        Assert.True(TestData.AnyFileContains(dir, lonerKey));
    }

    [Fact]
    public void A_corrupted_file_is_refused_with_a_clear_error()
    {
        var dir = TestData.WriteModel();
        var file = Path.Combine(dir, "baseline", BaselineModel.CooccurrenceFile);
        var bytes = File.ReadAllBytes(file);
        bytes[^5] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
        var e = Assert.Throws<DataException>(() => ServingModel.Load(dir, TestData.Pseudonymizer));
        Assert.Contains("Checksum mismatch", e.Message);
    }

    [Fact]
    public void A_model_without_the_baseline_is_refused()
    {
        var data = TestData.Dataset();
        var dir = Path.Combine(TestData.TempDir(), "model");
        using (var w = new ModelWriter(dir, data.Fingerprint, data.Format))
        { w.AddComponent("other", "x"); w.Commit(); }
        var e = Assert.Throws<DataException>(() => ServingModel.Load(dir, TestData.Pseudonymizer));
        Assert.Contains("no 'baseline' component", e.Message);
    }

    [Fact]
    public void Session_events_steer_recommendations_and_purchases_are_excluded()
    {
        var c = new BaselineComponent(BaselineModel.Build(TestData.Dataset(), TestData.Pseudonymizer, TestData.Options));
        var viewedToy = new UserSnapshot("k", [2], [new SessionEvent(10, EventType.View, 1)]);
        var recs = c.Recommend(viewedToy, 3);
        // The fresh view of I10 outweighs the old purchase of I02, and I02 itself is never suggested again.
        Assert.Contains(recs[0].Item, new[] { 11, 12 });
        Assert.DoesNotContain(recs, r => r.Item == 2);
        Assert.Contains(recs, r => r.Item == 3);
        var bought = new UserSnapshot("k", [], [new SessionEvent(10, EventType.View, 1), new SessionEvent(11, EventType.Purchase, 2)]);
        Assert.DoesNotContain(c.Recommend(bought, 5), r => r.Item == 11);
    }

    [Fact]
    public void Strict_together_keeps_only_co_purchases_and_relaxed_fills_by_category_then_popularity()
    {
        var c = new BaselineComponent(BaselineModel.Build(TestData.Dataset(), TestData.Pseudonymizer, TestData.Options));
        Assert.Empty(c.Together([19], 5, TogetherMode.Strict));
        var relaxed = c.Together([19], 5, TogetherMode.Relaxed);
        Assert.Equal(5, relaxed.Count);
        Assert.All(relaxed.Take(2), r => Assert.Equal("fallback-category", r.Source)); // I10.., toys
        Assert.DoesNotContain(relaxed, r => r.Item == 19);
        var cart = c.Together([10, 11], 3, TogetherMode.Strict);
        Assert.Equal(12, cart[0].Item);
        Assert.Equal(20, cart[0].CoPurchases); // with I10 and with I11: the evidence is summed over the cart, as Mining's FBT reports it
        Assert.Equal(Suggestion.CoPurchase, cart[0].Source);
    }
}
