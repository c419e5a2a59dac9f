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

/// <summary>Bodies that cannot be decoded as JSON text, sent as raw bytes: 400 with a problem body on every JSON POST
/// endpoint, never a 500 or a stack trace, and one warning per client per minute in the log.</summary>
public class UndecodableBodyTests
{
    private static readonly string[] JsonPosts = ["/v1/events", "/v1/frequently-bought-together", "/v1/bundles/price"];

    private static ByteArrayContent Raw(byte[] bytes, string type = "application/json")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
        return content;
    }

    private static byte[] Bytes(string ascii, params byte[] tail) => [.. Encoding.ASCII.GetBytes(ascii), .. tail];

    private static async Task<string> Problem(HttpResponseMessage r, HttpStatusCode status)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(status == r.StatusCode, $"expected {(int)status}, got {(int)r.StatusCode}: {body}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("Exception", body);
        return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_json_string_is_400_on_every_json_post_endpoint_and_logged_once_per_client_per_minute()
    {
        var logs = new LogCapture();
        await using var h = await TestHost.StartAsync(null, null, false, logs);
        // {"user_id":"\xff\xfe", ...}: a string whose bytes are no UTF-8 at all.
        var bad = Bytes("{\"user_id\":\"", 0xFF, 0xFE).Concat(Encoding.ASCII.GetBytes("\",\"type\":\"view\",\"item_id\":\"I00\",\"items\":[\"I00\",\"I01\"]}")).ToArray();
        foreach (var path in JsonPosts)
        {
            var detail = await Problem(await h.Client.PostAsync(path, Raw(bad)), HttpStatusCode.BadRequest);
            Assert.Contains("not valid UTF-8", detail);
            Assert.Contains("offset 12", detail);
        }
        // A truncated multi-byte sequence in an item id, in a batch.
        var truncated = Bytes("[{\"user_id\":\"u\",\"type\":\"view\",\"item_id\":\"I0", 0xE2, 0x82).Concat(Encoding.ASCII.GetBytes("\"}]")).ToArray();
        Assert.Contains("not valid UTF-8", await Problem(await h.Client.PostAsync("/v1/events", Raw(truncated)), HttpStatusCode.BadRequest));

        var warnings = logs.Entries.Where(e => e.Category == "BundleForge.Server.Requests" && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning).ToList();
        Assert.Single(warnings);
        Assert.Contains("not valid UTF-8", warnings[0].Message);
        Assert.Null(warnings[0].Exception);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/v1/items/I00/frequently-bought-together")).StatusCode);
    }

    [Fact]
    public async Task An_escape_that_names_half_a_surrogate_pair_is_400()
    {
        await using var h = await TestHost.StartAsync();
        foreach (var path in JsonPosts)
        {
            var body = Encoding.ASCII.GetBytes("{\"user_id\":\"\\ud800\",\"type\":\"view\",\"item_id\":\"I00\",\"items\":[\"I00\",\"I01\"]}");
            Assert.Contains("cannot be decoded", await Problem(await h.Client.PostAsync(path, Raw(body)), HttpStatusCode.BadRequest));
        }
    }

    [Fact]
    public async Task Another_charset_is_415_and_a_byte_order_mark_is_accepted()
    {
        await using var h = await TestHost.StartAsync();
        var utf16 = Encoding.Unicode.GetBytes("{\"user_id\":\"u\",\"type\":\"view\",\"item_id\":\"I00\"}");
        Assert.Contains("UTF-8", await Problem(await h.Client.PostAsync("/v1/events", Raw(utf16, "application/json; charset=utf-16")), HttpStatusCode.UnsupportedMediaType));
        var withBom = Bytes("", 0xEF, 0xBB, 0xBF).Concat(Encoding.UTF8.GetBytes("{\"user_id\":\"bom\",\"type\":\"view\",\"item_id\":\"I00\"}")).ToArray();
        var ok = await h.Client.PostAsync("/v1/events", Raw(withBom, "application/json; charset=utf-8"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Theory]
    [InlineData("/v1/events", "{\"user_id\": \"a\", \"user_id\": \"b\", \"type\": \"view\", \"item_id\": \"I00\"}", "user_id appears more than once")]
    [InlineData("/v1/events", "[{\"user_id\": \"a\", \"type\": \"view\", \"item_id\": [\"I00\"]}]", "events[0].item_id must be a string, not an array")]
    [InlineData("/v1/events", "{\"events\": [{\"user_id\": \"a\", \"type\": \"view\", \"item_id\": \"I00\", \"quantity\": \"2\"}]}", "events[0].quantity must be a number, not a string")]
    [InlineData("/v1/frequently-bought-together", "{\"items\": [\"I00\", 3]}", "items[1] must be a string, not a number")]
    [InlineData("/v1/frequently-bought-together", "{\"items\": [\"I00\"], \"k\": 2.5}", "k must be an integer from 1 to 100")]
    [InlineData("/v1/bundles/price", "{\"user_id\": {\"id\": 1}, \"items\": [\"I00\", \"I01\"]}", "user_id must be a string, not an object")]
    [InlineData("/v1/bundles/price", "{\"user_id\": \"u\", \"items\": [\"I00\"]}", "items is required: an array of 2 to 20 item ids")]
    public async Task Typed_bodies_name_the_field_with_the_wrong_value(string path, string body, string message)
    {
        await using var h = await TestHost.StartAsync();
        Assert.Contains(message, await Problem(await h.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest));
    }
}
