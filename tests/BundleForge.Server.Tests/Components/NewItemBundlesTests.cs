using System.Net;
using System.Text.Json;
using BundleForge.Bundles.Strategy;

namespace BundleForge.Server.Tests.Components;

/// <summary>Issue 17, bundles: in the small shop of <see cref="NewItemsComponentTests"/> (real item2vec, real text
/// vectors, real bundle engine), the lunch bag nobody bought (I04) joins a bundle beside the mug that lunch bags are
/// bought with, marked <c>new</c> in the API and on the dashboard with a complete reason; beside a lunch bag (a
/// variant of it) it never does; without text vectors, or with <c>NewItems:InBundles=false</c>, no bundle holds it.
/// Exploration is off, so the bundles do not depend on the day.</summary>
public sealed class NewItemBundlesTests
{
    private const string DashboardKey = "dashboard-key-for-tests-0123456789";

    // The test shop keeps no stock counts and files lunch bags and the mug under one category: let both in.
    private static readonly MarketStrategy Strategy = new() { Exploration = false, MinStockUnits = 0, OnePerCategory = false };

    private static string Model(bool text) =>
        TestData.WriteModel(data: NewItemsComponentTests.Shop(), item2vec: true, text: text, bundles: true, strategy: Strategy);

    private static List<List<(string Id, string? Source)>> Bundles(JsonElement answer) =>
        answer.GetProperty("bundles").EnumerateArray().Select(b => b.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("item_id").GetString()!, i.TryGetProperty("source", out var s) ? s.GetString() : null)).ToList()).ToList();

    [Fact]
    public async Task A_new_product_close_to_a_complement_joins_a_bundle_marked_new_and_never_beside_its_variant()
    {
        await using var host = await TestHost.StartAsync(Model(text: true), false, $"--Dashboard:ApiKey={DashboardKey}");

        // Beside the mug (bought with the red and white lunch bags) for the customer who bought a pink lunch bag.
        var answer = await host.GetJson("/v1/users/loner/bundles?item=I05&n=3");
        var bundles = Bundles(answer);
        Assert.True(bundles.Count > 0, answer.ToString());
        int at = bundles.FindIndex(b => b.Any(i => i.Id == "I04"));
        Assert.True(at >= 0, answer.ToString());
        Assert.Contains(("I04", "new"), bundles[at]);
        Assert.Contains(bundles[at], i => i.Id == "I05");
        // Only the new product is marked, one per bundle, and never beside a lunch bag it would replace.
        foreach (var b in bundles)
        {
            Assert.All(b.Where(i => i.Id != "I04"), i => Assert.Null(i.Source));
            if (b.Any(i => i.Id == "I04"))
                Assert.DoesNotContain(b, i => i.Id is "I00" or "I01" or "I02" or "I03");
        }
        string explanation = answer.GetProperty("bundles")[at].GetProperty("explanation").GetString()!;
        Assert.Contains("DINOSAUR PRINT LUNCH BAG: new in the shop; close to PINK POLKADOT LUNCH BAG that you bought", explanation);

        // Around a lunch bag, the new lunch bag is a substitute (close in text, never bought with it): in no bundle.
        foreach (var url in new[] { "/v1/users/loner/bundles?item=I00&n=3", "/v1/users/user-1/bundles?item=I02&n=3", "/v1/users/loner/bundles?cart=I01&n=3" })
            Assert.DoesNotContain(Bundles(await host.GetJson(url)), b => b.Any(i => i.Id == "I04"));

        // The dashboard's customer page shows the bundles the engine serves the customer, with the same mark.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/users?id=loner");
        request.Headers.Add("X-Dashboard-Key", DashboardKey);
        var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string page = await response.Content.ReadAsStringAsync();
        int section = page.IndexOf("<section id=\"bundles\">", StringComparison.Ordinal);
        Assert.True(section >= 0, "no bundles section");
        string cards = page[section..page.IndexOf("</section>", section, StringComparison.Ordinal)];
        var served = Bundles(await host.GetJson("/v1/users/loner/bundles"));
        bool servedNew = served.Any(b => b.Contains(("I04", "new")));
        Assert.Equal(servedNew, cards.Contains("badge new", StringComparison.Ordinal));
        Assert.True(servedNew, "the loner's own bundles hold no new product");
        Assert.Contains("DINOSAUR PRINT LUNCH BAG", cards);
    }

    [Fact]
    public async Task Without_text_vectors_or_with_the_setting_off_no_bundle_holds_a_new_product()
    {
        foreach (var (model, args) in new[] { (Model(text: false), Array.Empty<string>()), (Model(text: true), new[] { "--NewItems:InBundles=false" }) })
        {
            await using var host = await TestHost.StartAsync(model, false, args);
            foreach (var url in new[] { "/v1/users/loner/bundles?item=I05&n=3", "/v1/users/loner/bundles?n=3", "/v1/users/user-1/bundles?n=3" })
            {
                var answer = await host.GetJson(url);
                foreach (var b in Bundles(answer))
                {
                    Assert.DoesNotContain(b, i => i.Id == "I04");
                    Assert.All(b, i => Assert.Null(i.Source));
                }
                Assert.DoesNotContain("new in the shop", answer.ToString());
            }
        }
    }
}
