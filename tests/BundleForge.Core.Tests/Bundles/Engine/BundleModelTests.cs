using BundleForge.Artifacts;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Strategy;
using BundleForge.Evaluation.Synthetic;
using BundleForge.Privacy;

namespace BundleForge.Core.Tests.Bundles.Engine;

public class BundleModelTests
{
    private static readonly Pseudonymizer Keys = new("bundle-model-tests-secret"u8);

    private static (BundleForge.Data.Dataset Data, string Dir) Trained(MarketStrategy? strategy = null)
    {
        var (_, data) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 300, Items = 80, Orders = 3_000, Seed = 5 });
        var dir = Path.Combine(Fixture.TempDir(), "model");
        using var w = new ModelWriter(dir, data.Fingerprint, data.Format);
        CatalogComponent.Save(w, data.Items);
        BundleModel.Build(data, data.Baskets, Keys, strategy).Save(w);
        w.Commit();
        return (data, dir);
    }

    [Fact]
    public void Component_RoundTrips()
    {
        var strategy = MarketStrategy.Default with { MaxDiscount = 0.2, MarginFloor = 0.25 };
        var (data, dir) = Trained(strategy);
        var built = BundleModel.Build(data, data.Baskets, Keys, strategy);
        var loaded = BundleModel.Load(ModelReader.Open(dir));
        Assert.Equal(built.UserKeys, loaded.UserKeys);
        Assert.Equal(built.Sensitivity, loaded.Sensitivity);
        Assert.Equal(built.HistoryOffsets, loaded.HistoryOffsets);
        Assert.Equal(built.HistoryItems, loaded.HistoryItems);
        Assert.Equal(built.HistoryTimes, loaded.HistoryTimes);
        Assert.Equal(strategy.ToJson(), loaded.Strategy.ToJson());
        for (int a = 0; a < 20; a++)
            for (int b = 0; b < 20; b++)
                Assert.Equal(built.Pairs.CoCount(a, b), loaded.Pairs.CoCount(a, b));
        int u = data.Users.IndexOf(data.Users.Ids[7]);
        Assert.Equal(7, loaded.IndexOfKey(Keys.Key(data.Users.Ids[7])));
        Assert.Equal(data.Sequences[u].Length, loaded.ContextOf(7).History.Length);
    }

    [Fact]
    public void ModelFolder_HoldsNoRawUserId()
    {
        var (data, dir) = Trained();
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var text = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file));
            for (int u = 0; u < data.Users.Count; u += 37)
                Assert.DoesNotContain(data.Users.Ids[u], text);
        }
    }

    [Fact]
    public void Service_UnknownUser_GetsBundlesMarkedNotPersonalised()
    {
        var (data, dir) = Trained();
        var reader = ModelReader.Open(dir);
        var service = new BundleService(CatalogComponent.Load(reader), BundleModel.Load(reader), Keys);
        var unknown = service.Recommend("no-such-user", count: 3);
        Assert.False(unknown.KnownUser);
        Assert.False(unknown.Personalised);
        Assert.NotEmpty(unknown.Offers);
        Assert.All(unknown.Offers, o => Assert.False(o.Bundle.Personalised));

        var known = service.Recommend(data.Users.Ids[data.Baskets.User[0]], count: 3);
        Assert.True(known.KnownUser);
        Assert.True(known.Personalised);
    }

    [Fact]
    public void Service_UnknownItem_IsADataExceptionNamingTheId()
    {
        var (_, dir) = Trained();
        var reader = ModelReader.Open(dir);
        var service = new BundleService(CatalogComponent.Load(reader), BundleModel.Load(reader), Keys);
        var e = Assert.Throws<DataException>(() => service.Recommend(null, cart: ["NOT-AN-ITEM"]));
        Assert.Contains("NOT-AN-ITEM", e.Message);
        e = Assert.Throws<DataException>(() => service.Price(["P00001", "ZZZ"]));
        Assert.Contains("ZZZ", e.Message);
    }

    [Fact]
    public void Price_IsNeverBelowCost()
    {
        var (data, dir) = Trained();
        var reader = ModelReader.Open(dir);
        var service = new BundleService(CatalogComponent.Load(reader), BundleModel.Load(reader), Keys);
        // A strategy with no margin floor and a huge discount, so only the cost rule stops the price.
        var loose = MarketStrategy.Default with { MarginFloor = 0, MaxDiscount = 0.9, DiscountStep = 0.05 };
        int checkedPoints = 0;
        for (int a = 0; a + 1 < data.Items.Count; a += 3)
        {
            var offer = service.Price([data.Items.Ids[a], data.Items.Ids[a + 1]], strategy: loose);
            foreach (var p in offer.Quote.Curve)
                if (p.Feasible)
                { Assert.True(p.Price >= offer.Quote.Cost - 1e-9, $"{p.Price} < {offer.Quote.Cost}"); checkedPoints++; }
            Assert.Contains(offer.Quote.Curve, p => !p.Feasible); // 90% off is below cost for every item here
            if (offer.Quote.Offered)
                Assert.True(offer.Quote.Point.Price >= offer.Quote.Cost);
        }
        Assert.True(checkedPoints > 50);
    }
}
