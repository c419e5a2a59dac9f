using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BundleForge.Server.Tests.Api;

[Collection(MetricsCollection.Name)]
public class ServingEndpointTests
{
    [Fact]
    public async Task Item_fbt_returns_the_observed_partner_with_evidence()
    {
        await using var h = await TestHost.StartAsync();
        var r = await h.GetJson("/v1/items/I00/frequently-bought-together?k=2&mode=strict");
        var first = r.GetProperty("items")[0];
        Assert.Equal("I01", first.GetProperty("item_id").GetString());
        Assert.Equal("co-purchase", first.GetProperty("source").GetString());
        Assert.Equal(30, first.GetProperty("co_purchases").GetInt32());
        Assert.Equal("Item I01", first.GetProperty("title").GetString());
        Assert.Equal("strict", r.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Strict_and_relaxed_differ_for_an_item_never_bought_with_others()
    {
        await using var h = await TestHost.StartAsync();
        Assert.Empty(TestHost.ItemIds(await h.GetJson("/v1/items/I19/frequently-bought-together?mode=strict")));
        var relaxed = await h.GetJson("/v1/items/I19/frequently-bought-together?k=4&mode=relaxed");
        Assert.Equal(4, relaxed.GetProperty("items").GetArrayLength());
        Assert.Equal("fallback-category", relaxed.GetProperty("items")[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task Cart_fbt_combines_items_and_reports_unknown_ones()
    {
        await using var h = await TestHost.StartAsync();
        var resp = await h.Client.PostAsJsonAsync("/v1/frequently-bought-together", new { items = new[] { "I10", "I11", "NOPE" }, k = 3 });
        var r = JsonDocument.Parse(await resp.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        Assert.Equal("I12", TestHost.ItemIds(r)[0]);
        Assert.Equal("NOPE", r.GetProperty("unknown_items")[0].GetString());
        Assert.DoesNotContain("I10", TestHost.ItemIds(r));
        var none = await h.Client.PostAsJsonAsync("/v1/frequently-bought-together", new { items = new[] { "X", "Y" } });
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task Unknown_user_gets_popularity_marked_as_fallback_and_known_user_gets_personal_items()
    {
        await using var h = await TestHost.StartAsync();
        var unknown = await h.GetJson("/v1/users/stranger/recommendations?k=3");
        Assert.Equal("popularity", unknown.GetProperty("fallback").GetString());
        Assert.False(unknown.GetProperty("personalised").GetBoolean());
        Assert.Equal("I19", TestHost.ItemIds(unknown)[0]);
        var loner = await h.GetJson("/v1/users/loner/recommendations?k=3");
        Assert.True(loner.GetProperty("personalised").GetBoolean());
        Assert.Equal("I03", TestHost.ItemIds(loner)[0]);
        Assert.DoesNotContain("I02", TestHost.ItemIds(loner));
    }

    [Fact]
    public async Task New_events_change_recommendations_at_once()
    {
        await using var h = await TestHost.StartAsync();
        await h.PostEvents(new { user_id = "shopper", type = "view", item_id = "I10" });
        var afterView = TestHost.ItemIds(await h.GetJson("/v1/users/shopper/recommendations?k=3"));
        Assert.Contains(afterView[0], new[] { "I11", "I12" });
        await h.PostEvents(new
        {
            events = new object[]
        {
            new { user_id = "shopper", type = "purchase", item_id = "I11" },
            new { user_id = "shopper", type = "cart", item_id = "I00", timestamp = "2026-01-01T10:00:00Z" },
        }
        });
        var afterCart = TestHost.ItemIds(await h.GetJson("/v1/users/shopper/recommendations?k=5"));
        Assert.Equal("I01", afterCart[0]);
        Assert.DoesNotContain("I11", afterCart);
        Assert.DoesNotContain("I00", afterCart);
    }

    [Fact]
    public async Task Bundle_endpoints_validate_then_answer_503_without_a_bundle_engine()
    {
        await using var h = await TestHost.StartAsync();
        var get = await h.Client.GetAsync("/v1/users/u1/bundles?cart=I00,I01&item=I02&n=3");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, get.StatusCode);
        Assert.Contains("bundle engine is not in this model", await get.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await h.Client.GetAsync("/v1/users/u1/bundles?n=0")).StatusCode);
        var post = await h.Client.PostAsJsonAsync("/v1/bundles/price", new { user_id = "u1", items = new[] { "I00", "I01" } });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
        var bad = await h.Client.PostAsJsonAsync("/v1/bundles/price", new { user_id = "u1", items = new[] { "I00" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Health_openapi_and_metrics_are_served()
    {
        await using var h = await TestHost.StartAsync();
        // The served model version is in the very first scrape, before anything else happened.
        Assert.Contains("bundleforge_model_info", await h.Client.GetStringAsync("/metrics"));
        var health = await h.GetJson("/health");
        Assert.True(health.GetProperty("ready").GetBoolean());
        Assert.Equal("baseline", health.GetProperty("components")[0].GetString());
        var openapi = await h.GetJson("/openapi/v1.json");
        var paths = openapi.GetProperty("paths");
        foreach (var p in new[] { "/v1/users/{userId}/recommendations", "/v1/items/{itemId}/frequently-bought-together", "/v1/frequently-bought-together", "/v1/events", "/v1/users/{userId}/bundles", "/v1/bundles/price", "/v1/admin/reload", "/v1/users/{userId}" })
            Assert.True(paths.TryGetProperty(p, out _), p);
        await h.GetJson("/v1/items/I00/frequently-bought-together");
        await h.PostEvents(new { user_id = "m", type = "view", item_id = "I00" });
        // ASP.NET Core records a request's duration after its response is sent, so the client can scrape before it
        // lands: wait for it (bounded).
        var metrics = await h.Client.GetStringAsync("/metrics");
        for (int attempt = 0; attempt < 50 && !metrics.Contains("http_route=\"/v1/items/{itemId}/frequently-bought-together\"", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
            metrics = await h.Client.GetStringAsync("/metrics");
        }
        Assert.Contains("http_server_request_duration_seconds_bucket", metrics);
        Assert.Contains("http_route=\"/v1/items/{itemId}/frequently-bought-together\"", metrics);
        Assert.Contains("bundleforge_model_info", metrics);
        Assert.Contains(health.GetProperty("model_version").GetString()!, metrics);
        Assert.Contains("bundleforge_events_accepted_total", metrics);
    }
}
