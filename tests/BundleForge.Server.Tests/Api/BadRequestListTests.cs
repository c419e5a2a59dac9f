using System.Net;
using System.Text;
using System.Text.Json;

namespace BundleForge.Server.Tests.Api;

/// <summary>Issue 18, item 4: every bad request gets a 4xx problem-details body that says what to fix, never a 5xx
/// or an empty body; HEAD works wherever GET does; an empty <c>k=</c> means the default. Sent over a real socket to the
/// real server, since Kestrel itself answers some requests (long request lines, odd paths) before any endpoint runs.</summary>
public sealed class BadRequestListTests : IAsyncLifetime
{
    private const string DashboardKey = "dashboard-key-for-tests-0123456789";
    private TestHost _h = null!;

    public async Task InitializeAsync() =>
        _h = await TestHost.StartAsync(TestData.WriteModel(bundles: true), realSocket: true,
            $"--Dashboard:ApiKey={DashboardKey}", "--Dashboard:PublicPages=true");

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>A bad request: method, path, optional JSON body, and a part of the detail it must get.</summary>
    public sealed record Case(string Method, string Path, string? Body, string DetailPart, bool Admin = false)
    {
        public override string ToString() => $"{Method} {(Path.Length > 80 ? Path[..80] + "…" : Path)} {Body}";
    }

    private static readonly string LongId = new('a', 100_000);

    public static readonly Case[] Cases =
    [
        // Bundles and prices.
        new("POST", "/v1/bundles/price", """{"user_id":"u","items":["I00","I00"]}""", "items[1] repeats items[0]"),
        new("POST", "/v1/bundles/price", """{"user_id":"u","items":["I00","I01","I00"]}""", "a bundle's items must be distinct"),
        new("POST", "/v1/bundles/price", """{"user_id":"u","items":["I00"]}""", "2 to 20 item ids"),
        new("POST", "/v1/bundles/price", """{"user_id":"u","items":["I00","NOPE"]}""", "Unknown item 'NOPE'"),
        new("POST", "/v1/bundles/price", """{"user_id":"a\u0000b","items":["I00","I01"]}""", "control characters"),
        new("GET", "/v1/users/u/bundles?n=11", null, "n must be an integer from 1 to 10"),
        new("GET", "/v1/users/u/bundles?n=20", null, "n must be an integer from 1 to 10"),
        new("GET", "/v1/users/u/bundles?n=0", null, "n must be an integer from 1 to 10"),
        new("GET", "/v1/users/u/bundles?item=%00", null, "item may not contain control characters"),
        new("GET", "/v1/users/u/bundles?cart=I00,%00", null, "cart item may not contain control characters"),
        new("GET", "/v1/users/u/bundles?item=NOPE", null, "Unknown item"),
        new("GET", $"/v1/users/{LongId}/bundles", null, "longer than 256"),
        // Ids with a NUL (where it reaches the endpoints: see A_nul_in_the_path_is_refused_by_kestrel_itself), and
        // oversized ones, on every endpoint that takes an id.
        new("POST", "/v1/events", """{"user_id":"a\u0000b","type":"view","item_id":"I00"}""", "user_id may not contain control characters"),
        new("POST", "/v1/events", """{"user_id":"u","type":"view","item_id":"I\u0000"}""", "item_id may not contain control characters"),
        new("POST", "/v1/frequently-bought-together", """{"items":["I00","\u0000"]}""", "items[1] may not contain control characters"),
        new("GET", $"/v1/users/{LongId}/recommendations", null, "longer than 256"),
        new("GET", $"/v1/items/{LongId}/frequently-bought-together", null, "longer than 256"),
        new("DELETE", $"/v1/users/{LongId}", null, "longer than 256", Admin: true),
        // Numbers out of range.
        new("POST", "/v1/events", """{"user_id":"u","type":"purchase","item_id":"I00","price":1e400}""", "price is out of range: it must be a finite number"),
        new("POST", "/v1/events", """{"user_id":"u","type":"purchase","item_id":"I00","quantity":-1e400}""", "quantity must be above 0 and at most 1000000"),
        new("POST", "/v1/events", """{"user_id":"u","type":"purchase","item_id":"I00","price":-1e400}""", "price is out of range"),
        new("POST", "/v1/events", """{"user_id":"u","type":"view","item_id":"I00","timestamp":1e400}""", "timestamp must be Unix seconds"),
        new("POST", "/v1/frequently-bought-together", """{"items":["I00"],"k":1e400}""", "k must be an integer from 1 to 100"),
        new("GET", "/v1/users/u/recommendations?k=1e400", null, "k must be an integer from 1 to 100"),
        new("GET", "/v1/items/I00/frequently-bought-together?k=%00", null, "k must be an integer from 1 to 100"),
        // Optional fields given empty, and a batch whose list is null.
        new("POST", "/v1/events", """{"user_id":"u","type":"view","item_id":"I00","event_id":""}""", "event_id may be left out, but not empty"),
        new("POST", "/v1/events", """{"user_id":"u","type":"offer_shown","offer_id":"o","item_id":""}""", "item_id may be left out, but not empty"),
        new("POST", "/v1/events", """{"events":null}""", "events must be an array of events, not null"),
        new("GET", "/v1/users/u/bundles?n=1&n=2", null, "n must be an integer from 1 to 10, not '1,2'"),
        // Routes and methods.
        new("GET", "/v1/no-such-endpoint", null, "No such endpoint"),
        new("PUT", "/v1/events", "{}", "does not accept that HTTP method"),
        new("GET", "/v1/bundles/price", null, "does not accept that HTTP method"),
    ];

    [Fact]
    public async Task Every_bad_request_is_a_4xx_problem_with_a_useful_detail()
    {
        var failures = new List<string>();
        foreach (var c in Cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
            if (c.Body is not null)
                request.Content = new StringContent(c.Body, Encoding.UTF8, "application/json");
            if (c.Admin)
                request.Headers.Add("X-Api-Key", TestHost.AdminKey);
            using var r = await _h.Client.SendAsync(request);
            var body = await r.Content.ReadAsStringAsync();
            int status = (int)r.StatusCode;
            string? detail = null;
            try
            { detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(); }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { }
            if (status is < 400 or > 499)
                failures.Add($"{c}: status {status} {body}");
            else if (r.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{c}: content type '{r.Content.Headers.ContentType}' ({status}, {body.Length} bytes)");
            else if (detail is null || !detail.Contains(c.DetailPart, StringComparison.Ordinal))
                failures.Add($"{c}: detail '{detail}' does not say '{c.DetailPart}'");
            else if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal))
                failures.Add($"{c}: the body shows internals: {body}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // None of it took the server down.
        Assert.Equal(HttpStatusCode.OK, (await _h.Client.GetAsync("/health")).StatusCode);
    }

    /// <summary>Kestrel refuses a NUL in the decoded path before any middleware runs; the connection filter
    /// (<c>RejectionBodyFiller</c>) gives that refusal a problem body like every other bad request.</summary>
    [Theory]
    [InlineData("GET", "/v1/users/a%00b/recommendations")]
    [InlineData("GET", "/v1/items/a%00b/frequently-bought-together")]
    [InlineData("GET", "/v1/users/a%00b/bundles")]
    [InlineData("DELETE", "/v1/users/a%00b")]
    public async Task A_nul_in_the_path_gets_a_problem_body(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("X-Api-Key", TestHost.AdminKey);
        using var r = await _h.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("%00", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _h.Client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task An_empty_k_n_or_mode_means_the_default()
    {
        // The test shop sells 9 items, so k=10 and k=1 give different lists.
        Assert.Equal(TestHost.ItemIds(await _h.GetJson("/v1/users/stranger/recommendations?k=10")),
            TestHost.ItemIds(await _h.GetJson("/v1/users/stranger/recommendations?k=")));
        Assert.Single(TestHost.ItemIds(await _h.GetJson("/v1/users/stranger/recommendations?k=1")));
        var fbt = await _h.GetJson("/v1/items/I00/frequently-bought-together?k=&mode=");
        Assert.Equal("relaxed", fbt.GetProperty("mode").GetString());
        Assert.Equal(TestHost.ItemIds(await _h.GetJson("/v1/items/I00/frequently-bought-together?k=10&mode=relaxed")), TestHost.ItemIds(fbt));
        var bundles = await _h.GetJson("/v1/users/user-0/bundles?n=&item=&cart=");
        Assert.InRange(bundles.GetProperty("bundles").GetArrayLength(), 0, 3);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/rules")]
    [InlineData("/items")]
    [InlineData("/items/I00")]
    [InlineData("/evaluation")]
    [InlineData("/dashboard/search?q=item")]
    [InlineData("/login")]
    [InlineData("/users?id=user-0")]
    [InlineData("/health")]
    [InlineData("/v1/users/user-0/recommendations")]
    [InlineData("/v1/items/I00/frequently-bought-together")]
    [InlineData("/v1/users/user-0/bundles")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/metrics")]
    [InlineData("/v1/users/u/bundles?n=11")]
    [InlineData("/v1/no-such-endpoint")]
    public async Task Head_answers_like_get_without_a_body(string path)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, path);
        get.Headers.Add("X-Dashboard-Key", DashboardKey);
        using var head = new HttpRequestMessage(HttpMethod.Head, path);
        head.Headers.Add("X-Dashboard-Key", DashboardKey);
        using var g = await _h.Client.SendAsync(get);
        using var h = await _h.Client.SendAsync(head);
        Assert.Equal(g.StatusCode, h.StatusCode);
        Assert.Equal(g.Content.Headers.ContentType?.MediaType, h.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await h.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_is_refused_where_get_is()
    {
        using var head = new HttpRequestMessage(HttpMethod.Head, "/v1/events");
        using var r = await _h.Client.SendAsync(head);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, r.StatusCode);
    }
}
