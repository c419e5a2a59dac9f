using System.Net;

namespace BundleForge.Server.Tests.Dashboard;

/// <summary>Who may open which dashboard page, over HTTP against the real server: customer pages are off without a
/// dashboard key and need a sign-in with one, aggregate pages are public only when configured, and customer look-ups
/// beyond the per-client limit are refused.</summary>
public class DashboardAccessTests
{
    private const string Key = "dashboard-key-for-tests-0123456789";

    /// <summary>Every page that shows a customer (their history, recommendations, bundles).</summary>
    private static readonly string[] CustomerPages = ["/users?id=user-3", "/users?id=user-3&item=I10", "/users?item=I10&id=loner", "/users"];

    private static readonly string[] AggregatePages = ["/", "/rules", "/items", "/items?q=Item", "/items/I00", "/evaluation", "/dashboard/search?q=I0"];

    private static HttpRequestMessage Get(string path, string? key = null, string? cookie = null)
    {
        var m = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
            m.Headers.Add("X-Dashboard-Key", key);
        if (cookie is not null)
            m.Headers.Add("Cookie", cookie);
        return m;
    }

    /// <summary>Refused, and nothing of the customer in the answer ("Item I02" is in user-3's and the loner's history).</summary>
    private static async Task AssertRefused(TestHost h, HttpRequestMessage request, HttpStatusCode status)
    {
        var path = request.RequestUri!.ToString();
        var r = await h.Client.SendAsync(request);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(status == r.StatusCode, $"{path}: expected {(int)status}, got {(int)r.StatusCode}");
        Assert.DoesNotContain("history-list", body);
        Assert.DoesNotContain("Item I0", body);
    }

    [Fact]
    public async Task Without_a_dashboard_key_customer_pages_are_off_and_aggregate_pages_closed()
    {
        await using var h = await TestHost.StartAsync();
        foreach (var path in CustomerPages)
            await AssertRefused(h, Get(path), HttpStatusCode.Forbidden);
        foreach (var path in AggregatePages)
            await AssertRefused(h, Get(path), HttpStatusCode.Forbidden);
        // No key can open them, whatever is sent.
        await AssertRefused(h, Get("/users?id=user-3", key: "anything-at-all-0123456789"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await h.Client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "x" }))).StatusCode);
    }

    [Fact]
    public async Task With_a_key_every_page_needs_the_key_or_the_sign_in_cookie()
    {
        await using var h = await TestHost.StartAsync(null, false, $"--Dashboard:ApiKey={Key}");
        foreach (var path in CustomerPages.Concat(AggregatePages))
        {
            await AssertRefused(h, Get(path), HttpStatusCode.Unauthorized);
            await AssertRefused(h, Get(path, key: Key + "x"), HttpStatusCode.Unauthorized);
            await AssertRefused(h, Get(path, cookie: "bundleforge_dashboard=4102444800.forged"), HttpStatusCode.Unauthorized);
        }
        var withKey = await h.Client.SendAsync(Get("/users?id=user-3", key: Key));
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Contains("history-list", await withKey.Content.ReadAsStringAsync());

        // The form: a wrong key is 401, the right one sets an HTTP-only cookie and returns to the page asked for.
        var wrong = await h.Client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "wrong", ["return"] = "/users?id=user-3" }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var signIn = await h.Client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = Key, ["return"] = "/users?id=user-3" }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/users?id=user-3", signIn.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        var cookie = setCookie.Split(';')[0];
        foreach (var path in CustomerPages.Concat(AggregatePages))
            Assert.Equal(HttpStatusCode.OK, (await h.Client.SendAsync(Get(path, cookie: cookie))).StatusCode);
        // A cookie whose expiry was changed no longer matches its signature.
        var value = cookie[(cookie.IndexOf('=') + 1)..];
        var tampered = "bundleforge_dashboard=" + (long.Parse(value[..value.IndexOf('.')]) + 1) + value[value.IndexOf('.')..];
        await AssertRefused(h, Get("/users?id=user-3", cookie: tampered), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Aggregate_pages_are_public_only_when_configured_and_customer_pages_never()
    {
        await using var h = await TestHost.StartAsync(null, false, $"--Dashboard:ApiKey={Key}", "--Dashboard:PublicPages=true");
        foreach (var path in AggregatePages)
            Assert.Equal(HttpStatusCode.OK, (await h.Client.SendAsync(Get(path))).StatusCode);
        foreach (var path in CustomerPages)
            await AssertRefused(h, Get(path), HttpStatusCode.Unauthorized);
        await using var noKey = await TestHost.StartAsync(null, false, "--Dashboard:PublicPages=true");
        Assert.Equal(HttpStatusCode.OK, (await noKey.Client.SendAsync(Get("/"))).StatusCode);
        foreach (var path in CustomerPages)
            await AssertRefused(noKey, Get(path), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Looking_up_customers_beyond_the_limit_is_429_per_client()
    {
        await using var h = await TestHost.StartAsync(null, false, $"--Dashboard:ApiKey={Key}", "--Dashboard:CustomerLookupsPerMinute=3", "--RateLimit:ClientHeader=X-Client-Key");
        static HttpRequestMessage Lookup(string user, string client)
        {
            var m = Get("/users?id=" + user, key: Key);
            m.Headers.Add("X-Client-Key", client);
            return m;
        }
        for (int u = 0; u < 3; u++)
            Assert.Equal(HttpStatusCode.OK, (await h.Client.SendAsync(Lookup($"user-{u}", "analyst"))).StatusCode);
        var refused = await h.Client.SendAsync(Lookup("user-3", "analyst"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());
        Assert.DoesNotContain("history-list", await refused.Content.ReadAsStringAsync());
        // The look-up form itself is no look-up, and another client has its own allowance.
        Assert.Equal(HttpStatusCode.OK, (await h.Client.SendAsync(Lookup("", "analyst"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.SendAsync(Lookup("user-3", "other"))).StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task Signing_in_never_sends_the_browser_elsewhere(string target)
    {
        await using var h = await TestHost.StartAsync(null, false, $"--Dashboard:ApiKey={Key}");
        var r = await h.Client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = Key, ["return"] = target }));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/", r.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_short_dashboard_key_stops_the_start_naming_it()
    {
        var e = await Assert.ThrowsAsync<DataException>(() => TestHost.StartAsync(null, false, "--Dashboard:ApiKey=short"));
        Assert.Contains("Dashboard:ApiKey", e.Message);
    }
}
