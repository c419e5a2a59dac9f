using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BundleForge.Server.Components;
using BundleForge.Server.Models;
using BundleForge.Server.Serving;
using Microsoft.Extensions.DependencyInjection;

namespace BundleForge.Server.Tests.Api;

/// <summary>A reload frees what it replaces: the old version's background work stops, its TorchSharp networks are
/// disposed once no request uses it, and nothing keeps it reachable; a reload that fails for any reason leaves the old
/// version serving.</summary>
[Collection(MetricsCollection.Name)]
public class ReloadTests
{
    private static HttpRequestMessage Reload()
    {
        var m = new HttpRequestMessage(HttpMethod.Post, "/v1/admin/reload");
        m.Headers.Add("X-Api-Key", TestHost.AdminKey);
        return m;
    }

    /// <summary>A weak reference to the served version and its release, taken in a frame of its own so no local of the
    /// test keeps the version alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Version, Task Freed) Track(ModelHost host) => (new WeakReference(host.Current), host.Current.Freed);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Alive(List<WeakReference> versions)
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return versions.Count(v => v.IsAlive);
    }

    [Fact]
    public async Task Forty_reloads_under_requests_free_every_replaced_version()
    {
        var dir = TestData.WriteModel(item2vec: true, sasrec: true, bundles: true);
        await using var h = await TestHost.StartAsync(dir, false, "--Dashboard:ApiKey=dashboard-key-for-tests-0123456789");
        h.Client.DefaultRequestHeaders.Add("X-Dashboard-Key", "dashboard-key-for-tests-0123456789");
        var host = h.App.Services.GetRequiredService<ModelHost>();
        var versions = new List<WeakReference>();
        var freed = new List<Task>();
        for (int i = 0; i < 40; i++)
        {
            // Every kind of request first, so the per-version caches (responses, compositions, dashboard data) fill.
            Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/v1/items/I00/frequently-bought-together")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/v1/users/user-3/recommendations")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/v1/users/user-3/bundles?item=I10")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/items/I00")).StatusCode);
            var (version, done) = Track(host);
            versions.Add(version);
            freed.Add(done);
            var r = await h.Client.SendAsync(Reload());
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        // Each replaced version released its networks and warm-up once its requests had answered ...
        await Task.WhenAll(freed).WaitAsync(TimeSpan.FromSeconds(60));
        // ... and nothing (caches, closures, metrics callbacks, loggers) keeps one reachable.
        int alive = Alive(versions);
        for (int wait = 0; alive > 0 && wait < 20; wait++)
        {
            await Task.Delay(250);
            alive = Alive(versions);
        }
        Assert.Equal(0, alive);
        Assert.Equal("sasrec", (await h.GetJson("/v1/users/user-3/recommendations")).GetProperty("source").GetString());
        Assert.Contains("bundleforge_model_info", await h.Client.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task A_replaced_version_is_freed_only_when_the_last_request_using_it_is_done()
    {
        await using var h = await TestHost.StartAsync(TestData.WriteModel(sasrec: true));
        var host = h.App.Services.GetRequiredService<ModelHost>();
        var inFlight = host.Acquire();
        var old = inFlight.Model;
        Assert.Equal(HttpStatusCode.OK, (await h.Client.SendAsync(Reload())).StatusCode);
        Assert.NotSame(old, host.Current);
        await Task.Delay(300);
        Assert.False(old.Freed.IsCompleted, "freed while a request still used it");
        // The request that started on it can still use it.
        Assert.NotEmpty(old.Recommender.Recommend(new UserSnapshot("k", [0, 1], []), 3));
        inFlight.Dispose();
        await old.Freed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Throws<ObjectDisposedException>(() => inFlight.Model);
    }

    /// <summary>Loads the wrapped factory's component, then fails as if memory ran out while it is armed: everything the
    /// failed load created is there to be released.</summary>
    private sealed class OutOfMemoryAfter(IServingComponentFactory inner) : IServingComponentFactory
    {
        public volatile bool Armed;
        public ModelLoadContext? Failed;

        public string ComponentName => inner.ComponentName;
        public int Priority => inner.Priority;

        public IServingComponent Load(ModelLoadContext context)
        {
            var component = inner.Load(context);
            if (!Armed)
                return component;
            Failed = context;
            throw new OutOfMemoryException();
        }
    }

    [Fact]
    public async Task A_reload_that_runs_out_of_memory_is_503_releases_what_it_loaded_and_the_old_version_keeps_serving()
    {
        var faulty = new OutOfMemoryAfter(new SasRecRecommenderFactory());
        IReadOnlyList<IServingComponentFactory> factories = [.. ServingComponents.All.Where(f => f is not SasRecRecommenderFactory), faulty];
        var dir = TestData.WriteModel(item2vec: true, sasrec: true, bundles: true);
        await using var h = await TestHost.StartAsync(dir, factories, false);
        var version = (await h.GetJson("/health")).GetProperty("model_version").GetString()!;

        TestData.WriteModel(dir, item2vec: true, sasrec: true, bundles: true);
        faulty.Armed = true;
        var r = await h.Client.SendAsync(Reload());
        var text = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not enough memory", text);
        Assert.Contains(version, text);
        Assert.DoesNotContain("   at ", text);
        // The failed load's warm-up was stopped and its network disposed.
        Assert.True(faulty.Failed!.Retired.IsCancellationRequested);
        Assert.Empty(faulty.Failed.Owned);

        Assert.Equal(version, (await h.GetJson("/health")).GetProperty("model_version").GetString());
        Assert.Equal("sasrec", (await h.GetJson("/v1/users/user-3/recommendations")).GetProperty("source").GetString());
        faulty.Armed = false;
        var ok = await h.Client.SendAsync(Reload());
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(version, JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement.GetProperty("model_version").GetString());
    }

    [Fact]
    public async Task A_reload_of_a_folder_that_vanished_is_refused_without_paths_and_the_old_version_keeps_serving()
    {
        var dir = TestData.WriteModel();
        await using var h = await TestHost.StartAsync(dir);
        var version = (await h.GetJson("/health")).GetProperty("model_version").GetString()!;
        Directory.Move(dir, dir + "-moved");
        var r = await h.Client.SendAsync(Reload());
        var text = await r.Content.ReadAsStringAsync();
        Assert.InRange((int)r.StatusCode, 409, 503);
        Assert.Contains(version, text);
        Assert.DoesNotContain(Path.GetTempPath(), text);
        Assert.Equal("I01", TestHost.ItemIds(await h.GetJson("/v1/items/I00/frequently-bought-together"))[0]);
    }
}
