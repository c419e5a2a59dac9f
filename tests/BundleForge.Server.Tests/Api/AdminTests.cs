using System.Net;
using System.Text.Json;
using BundleForge.Server.Events;
using Microsoft.Extensions.DependencyInjection;

namespace BundleForge.Server.Tests.Api;

public class AdminTests
{
    private static HttpRequestMessage Admin(HttpMethod method, string url, string? key = TestHost.AdminKey)
    {
        var m = new HttpRequestMessage(method, url);
        if (key is not null)
            m.Headers.Add("X-Api-Key", key);
        return m;
    }

    [Fact]
    public async Task Admin_endpoints_need_the_key_and_are_off_without_one()
    {
        await using (var h = await TestHost.StartAsync())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await h.Client.SendAsync(Admin(HttpMethod.Post, "/v1/admin/reload", null))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await h.Client.SendAsync(Admin(HttpMethod.Post, "/v1/admin/reload", TestHost.AdminKey + "x"))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await h.Client.SendAsync(Admin(HttpMethod.Delete, "/v1/users/loner", "wrong"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await h.Client.SendAsync(Admin(HttpMethod.Post, "/v1/admin/reload"))).StatusCode);
        }
        await using (var off = await TestHost.StartAsync(settings: "--Admin:ApiKey="))
        {
            var r = await off.Client.SendAsync(Admin(HttpMethod.Post, "/v1/admin/reload"));
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Contains("Admin endpoints are off", await r.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Erasure_removes_the_user_from_responses_event_store_and_model_files()
    {
        await using var h = await TestHost.StartAsync();
        var key = TestData.Pseudonymizer.Key("user-3");
        Assert.True(TestData.AnyFileContains(h.ModelDir, key));
        await h.PostEvents(new[] { new { user_id = "user-3", type = "view", item_id = "I10" }, new { user_id = "user-3", type = "cart", item_id = "I02" } });
        var before = await h.GetJson("/v1/users/user-3/recommendations");
        Assert.True(before.GetProperty("personalised").GetBoolean());
        var version = (await h.GetJson("/health")).GetProperty("model_version").GetString();

        var r = await h.Client.SendAsync(Admin(HttpMethod.Delete, "/v1/users/user-3"));
        var body = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(2, body.GetProperty("events_deleted").GetInt32());
        Assert.True(body.GetProperty("profile_removed").GetBoolean());
        Assert.True(body.GetProperty("session_removed").GetBoolean());
        Assert.NotEqual(version, body.GetProperty("model_version").GetString());

        var after = await h.GetJson("/v1/users/user-3/recommendations");
        Assert.Equal("popularity", after.GetProperty("fallback").GetString());
        Assert.Empty(h.App.Services.GetRequiredService<EventStore>().OfUser(key));
        Assert.False(TestData.AnyFileContains(h.ModelDir, key));
        // The event store keeps the key only as the erasure list's tombstone (so retrained models are cleaned too),
        // and never the raw id.
        Assert.Equal([key], EventStore.ReadErasedKeys(h.EventsPath));
        Assert.False(TestData.AnyFileContains(Path.GetDirectoryName(h.EventsPath)!, "user-3"));
        // Other users are untouched.
        Assert.True(TestData.AnyFileContains(h.ModelDir, TestData.Pseudonymizer.Key("user-4")));
        Assert.True((await h.GetJson("/v1/users/loner/recommendations")).GetProperty("personalised").GetBoolean());
    }

    [Fact]
    public async Task Reload_during_requests_loses_none_and_switches_version()
    {
        await using var h = await TestHost.StartAsync();
        var first = (await h.GetJson("/health")).GetProperty("model_version").GetString();
        using var stop = new CancellationTokenSource();
        int ok = 0, failed = 0;
        var load = Enumerable.Range(0, 4).Select(t => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var url = t % 2 == 0 ? "/v1/items/I00/frequently-bought-together?k=3" : "/v1/users/loner/recommendations?k=3";
                var r = await h.Client.GetAsync(url);
                if (r.StatusCode == HttpStatusCode.OK)
                    Interlocked.Increment(ref ok);
                else
                    Interlocked.Increment(ref failed);
            }
        })).ToArray();
        string? last = first;
        for (int i = 0; i < 3; i++)
        {
            TestData.WriteModel(h.ModelDir);
            var r = await h.Client.SendAsync(Admin(HttpMethod.Post, "/v1/admin/reload"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var now = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("model_version").GetString();
            Assert.NotEqual(last, now);
            last = now;
        }
        await Task.Delay(200);
        stop.Cancel();
        await Task.WhenAll(load);
        Assert.Equal(0, failed);
        Assert.True(ok > 20, $"only {ok} requests ran");
        Assert.Equal(last, (await h.GetJson("/health")).GetProperty("model_version").GetString());
    }

    [Fact]
    public async Task A_corrupted_model_is_refused_on_reload_and_the_old_one_keeps_serving()
    {
        await using var h = await TestHost.StartAsync();
        var version = (await h.GetJson("/health")).GetProperty("model_version").GetString();
        TestData.WriteModel(h.ModelDir);
        var file = Path.Combine(h.ModelDir, "baseline", "cooccurrence.bin");
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(file, bytes);
        var r = await h.Client.SendAsync(Admin(HttpMethod.Post, "/v1/admin/reload"));
        var text = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.Contains("Checksum mismatch", text);
        Assert.Contains(version!, text);
        Assert.DoesNotContain(Path.GetTempPath(), text);
        Assert.Equal(version, (await h.GetJson("/health")).GetProperty("model_version").GetString());
        Assert.Equal("I01", TestHost.ItemIds(await h.GetJson("/v1/items/I00/frequently-bought-together"))[0]);
    }

    [Fact]
    public async Task Rate_limit_answers_429_per_client_but_never_limits_health()
    {
        await using var h = await TestHost.StartAsync(settings: ["--RateLimit:PermitsPerSecond=1", "--RateLimit:Burst=3", "--RateLimit:PeriodSeconds=600"]);
        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < 8; i++)
            codes.Add((await h.Client.GetAsync("/v1/items/I00/frequently-bought-together")).StatusCode);
        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
        Assert.Equal(HttpStatusCode.OK, codes[0]);
        var limited = await h.Client.GetAsync("/v1/users/u/recommendations");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.Contains("Retry-After"));
        for (int i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Erasure_with_a_corrupted_model_on_disk_erases_events_and_says_the_profile_remains()
    {
        await using var h = await TestHost.StartAsync();
        await h.PostEvents(new { user_id = "user-5", type = "view", item_id = "I00" });
        var file = Path.Combine(h.ModelDir, "baseline", "catalog.bin");
        File.AppendAllText(file, "x");
        var r = await h.Client.SendAsync(Admin(HttpMethod.Delete, "/v1/users/user-5"));
        var text = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.Contains("profile could not be removed", text);
        Assert.Empty(h.App.Services.GetRequiredService<EventStore>().OfUser(TestData.Pseudonymizer.Key("user-5")));
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/v1/items/I00/frequently-bought-together")).StatusCode);
    }
}
