using System.Net;
using System.Text;
using System.Text.Json;

namespace BundleForge.Server.Tests.Api;

public class BadInputTests : IAsyncLifetime
{
    private TestHost _h = null!;

    public async Task InitializeAsync() => _h = await TestHost.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<string> Expect(HttpStatusCode status, HttpResponseMessage r, string detailPart)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(status == r.StatusCode, $"expected {(int)status}, got {(int)r.StatusCode}: {body}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains(detailPart, detail);
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("/tmp", body);
        return detail;
    }

    private Task<HttpResponseMessage> PostRaw(string url, string body, string type = "application/json") =>
        _h.Client.PostAsync(url, new StringContent(body, Encoding.UTF8, type));

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("99999999999")]
    [InlineData("abc")]
    [InlineData("1.5")]
    public async Task Bad_k_is_400(string k)
    {
        await Expect(HttpStatusCode.BadRequest, await _h.Client.GetAsync($"/v1/items/I00/frequently-bought-together?k={k}"), "k must be an integer from 1 to 100");
        await Expect(HttpStatusCode.BadRequest, await _h.Client.GetAsync($"/v1/users/u/recommendations?k={k}"), "k must be an integer from 1 to 100");
    }

    [Fact]
    public async Task Bad_mode_is_400() =>
        await Expect(HttpStatusCode.BadRequest, await _h.Client.GetAsync("/v1/items/I00/frequently-bought-together?mode=loose"), "mode must be 'strict' or 'relaxed'");

    [Fact]
    public async Task Unknown_item_is_404() =>
        await Expect(HttpStatusCode.NotFound, await _h.Client.GetAsync("/v1/items/NOPE/frequently-bought-together"), "Unknown item");

    [Theory]
    [InlineData("..%2F..%2Fmanifest.json")]
    [InlineData("a%5Cb")]
    [InlineData("%2E%2E")]
    [InlineData("%0A")]
    public async Task Path_tricks_in_ids_are_4xx(string id)
    {
        var r = await _h.Client.GetAsync($"/v1/items/{id}/frequently-bought-together");
        Assert.InRange((int)r.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var u = await _h.Client.GetAsync($"/v1/users/{id}/recommendations");
        Assert.InRange((int)u.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Overlong_id_is_400() =>
        await Expect(HttpStatusCode.BadRequest, await _h.Client.GetAsync($"/v1/users/{new string('a', 257)}/recommendations"), "longer than 256");

    [Fact]
    public async Task Malformed_json_is_400() =>
        await Expect(HttpStatusCode.BadRequest, await PostRaw("/v1/events", "{\"user_id\": \"a\", "), "not valid JSON");

    [Fact]
    public async Task Empty_body_is_400() =>
        await Expect(HttpStatusCode.BadRequest, await PostRaw("/v1/events", ""), "empty");

    [Fact]
    public async Task Wrong_content_type_is_415() =>
        await Expect(HttpStatusCode.UnsupportedMediaType, await PostRaw("/v1/events", "user_id=a", "application/x-www-form-urlencoded"), "must be JSON");

    [Theory]
    [InlineData("{\"user_id\": 5, \"type\": \"view\", \"item_id\": \"I00\"}", "user_id must be a string, not a number")]
    [InlineData("{\"user_id\": \"u\", \"type\": \"click\", \"item_id\": \"I00\"}", "type must be one of")]
    [InlineData("{\"user_id\": \"u\", \"item_id\": \"I00\"}", "type is required")]
    [InlineData("{\"user_id\": \"u\", \"type\": \"view\"}", "item_id is required")]
    [InlineData("{\"user_id\": \"u\", \"type\": \"offer_shown\"}", "offer_id is required")]
    [InlineData("{\"user_id\": \"u\", \"type\": \"view\", \"item_id\": \"I00\", \"price\": \"cheap\"}", "price must be a number")]
    [InlineData("{\"user_id\": \"u\", \"type\": \"view\", \"item_id\": \"I00\", \"timestamp\": true}", "timestamp must be Unix seconds")]
    [InlineData("{\"events\": [{\"user_id\": \"u\", \"type\": \"view\", \"item_id\": \"I00\"}, 7]}", "events[1] must be an event object")]
    [InlineData("{\"events\": {}}", "events must be an array")]
    [InlineData("\"hello\"", "not a string")]
    [InlineData("[]", "The batch is empty")]
    public async Task Wrong_types_and_missing_fields_are_400(string body, string message) =>
        await Expect(HttpStatusCode.BadRequest, await PostRaw("/v1/events", body), message);

    [Fact]
    public async Task Too_big_a_batch_is_400()
    {
        var batch = Enumerable.Range(0, 1001).Select(i => new { user_id = "u", type = "view", item_id = "I00" });
        await Expect(HttpStatusCode.BadRequest, await PostRaw("/v1/events", JsonSerializer.Serialize(batch)), "at most 1000");
    }

    [Fact]
    public async Task Huge_body_is_413()
    {
        var huge = "{\"user_id\": \"" + new string('x', 2 << 20) + "\"}";
        await Expect(HttpStatusCode.RequestEntityTooLarge, await PostRaw("/v1/events", huge), "larger than the limit");
    }

    [Fact]
    public async Task Bad_cart_bodies_are_400()
    {
        await Expect(HttpStatusCode.BadRequest, await PostRaw("/v1/frequently-bought-together", "{\"items\": \"I00\"}"), "items must be an array of strings");
        await Expect(HttpStatusCode.BadRequest, await PostRaw("/v1/frequently-bought-together", "{\"items\": [\"I00\"], \"k\": -3}"), "k must be an integer from 1 to 100");
        await Expect(HttpStatusCode.BadRequest, await PostRaw("/v1/frequently-bought-together", "{\"items\": []}"), "items is required");
        await Expect(HttpStatusCode.BadRequest, await PostRaw("/v1/frequently-bought-together", "[1,2]"), "must be a JSON object");
    }

    [Fact]
    public async Task Unknown_route_is_a_problem_404()
    {
        var r = await _h.Client.GetAsync("/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }
}
