using System.Net;
using BundleForge.Data;

namespace BundleForge.Server.Tests.Api;

/// <summary>Issue 17: GET /v1/items/search on the real server: by meaning with a text component (typos forgiven), by
/// letters without one, problem details for bad input.</summary>
public sealed class ItemSearchTests
{
    private static readonly string[] Titles =
    [
        "SET OF 20 FAIRY LIGHTS WARM WHITE", "WHITE HANGING HEART T-LIGHT HOLDER", "CERAMIC COFFEE MUG", "COFFEE BEANS 1KG",
        "GARDEN TROWEL", "WATERING CAN", "RED RETROSPOT LUNCH BAG", "WATER BOTTLE BLUE STRIPE", "PAPER CHAIN KIT VINTAGE CHRISTMAS",
        "JUMBO BAG RED RETROSPOT",
    ];

    /// <summary>The generated shop with product titles on its first items.</summary>
    private static Dataset Shop()
    {
        var data = TestData.Dataset();
        var c = data.Items;
        var titles = c.Titles.Select((t, i) => i < Titles.Length ? Titles[i] : t).ToArray();
        return new Dataset
        {
            Items = new ItemCatalog(c.Ids, titles, c.Categories, c.Brands, c.Price, c.Cost, c.Stock, c.CostAssumed),
            Users = data.Users,
            Interactions = data.Interactions,
            Baskets = data.Baskets,
            Report = data.Report,
            Format = data.Format,
            HasRealTime = data.HasRealTime,
        };
    }

    [Fact]
    public async Task With_text_vectors_items_are_found_by_meaning_and_typos_are_forgiven()
    {
        await using var host = await TestHost.StartAsync(TestData.WriteModel(data: Shop(), text: true));
        var lights = await host.GetJson("/v1/items/search?q=christmas%20lights&k=3");
        Assert.Equal("meaning", lights.GetProperty("method").GetString());
        Assert.Equal("christmas lights", lights.GetProperty("query").GetString());
        var ids = TestHost.ItemIds(lights);
        Assert.Equal(3, ids.Length);
        Assert.Contains("I00", ids[..2]); // fairy lights
        Assert.Contains("I01", ids);      // t-light holder
        Assert.Equal(Titles[0], lights.GetProperty("items").EnumerateArray().First(i => i.GetProperty("item_id").GetString() == "I00").GetProperty("title").GetString());

        Assert.Equal("I00", TestHost.ItemIds(await host.GetJson("/v1/items/search?q=fary%20lihgts&k=1"))[0]);
        Assert.Equal("I02", TestHost.ItemIds(await host.GetJson("/v1/items/search?q=a%20cup%20for%20coffee&k=1"))[0]);
        Assert.Equal("I15", TestHost.ItemIds(await host.GetJson("/v1/items/search?q=I15&k=2"))[0]);
    }

    [Fact]
    public async Task Without_text_vectors_the_search_matches_letters_as_before()
    {
        await using var host = await TestHost.StartAsync();
        var found = await host.GetJson("/v1/items/search?q=item%20I05");
        Assert.Equal("letters", found.GetProperty("method").GetString());
        Assert.Equal(["I05"], TestHost.ItemIds(found));
        Assert.Empty(TestHost.ItemIds(await host.GetJson("/v1/items/search?q=christmas")));
    }

    [Theory]
    [InlineData("/v1/items/search", "q is required")]
    [InlineData("/v1/items/search?q=%20%20", "q is required")]
    [InlineData("/v1/items/search?q=mug&k=0", "k must be an integer from 1 to 100")]
    [InlineData("/v1/items/search?q=mug&k=x", "k must be an integer")]
    [InlineData("/v1/items/search?q=a%00b", "control characters")]
    public async Task Bad_input_is_a_400_problem_naming_the_parameter(string url, string detail)
    {
        await using var host = await TestHost.StartAsync();
        var r = await host.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_query_longer_than_the_limit_is_refused()
    {
        await using var host = await TestHost.StartAsync();
        var r = await host.Client.GetAsync("/v1/items/search?q=" + new string('a', 201));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("longer than 200", await r.Content.ReadAsStringAsync());
    }
}
