using System.Net;
using BundleForge.Server.Events;

namespace BundleForge.Server.Tests.Api;

/// <summary>An erased user stays erased when the model is retrained from raw data that still holds them: the event
/// store's erasure list is applied to every model the server loads (reload and start-up).</summary>
public class ErasureAcrossRetrainingTests
{
    private static async Task<HttpResponseMessage> Admin(TestHost h, HttpMethod method, string url)
    {
        var m = new HttpRequestMessage(method, url);
        m.Headers.Add("X-Api-Key", TestHost.AdminKey);
        return await h.Client.SendAsync(m);
    }

    [Fact]
    public async Task A_reload_of_a_model_retrained_with_the_user_does_not_serve_them()
    {
        var dir = TestData.WriteModel(item2vec: true, bundles: true);
        var key = TestData.Pseudonymizer.Key("user-3");
        await using (var h = await TestHost.StartAsync(dir))
        {
            Assert.True((await h.GetJson("/v1/users/user-3/recommendations")).GetProperty("personalised").GetBoolean());
            Assert.Equal(HttpStatusCode.OK, (await Admin(h, HttpMethod.Delete, "/v1/users/user-3")).StatusCode);
            Assert.False(TestData.AnyFileContains(dir, key));

            // Retrained from the raw data, which still has user-3: their profiles (baseline, item2vec) and bundle
            // history are back on disk ...
            TestData.WriteModel(dir, item2vec: true, bundles: true);
            Assert.True(TestData.AnyFileContains(dir, key));
            // ... until the server loads the folder: it writes a version without them and serves that.
            var reload = await Admin(h, HttpMethod.Post, "/v1/admin/reload");
            Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
            Assert.False(TestData.AnyFileContains(dir, key));
            var after = await h.GetJson("/v1/users/user-3/recommendations");
            Assert.False(after.GetProperty("personalised").GetBoolean());
            Assert.Equal("popularity", after.GetProperty("source").GetString());
            // Other users are untouched (user-5 has not bought I05, which item2vec finds for them).
            Assert.Equal("item2vec", (await h.GetJson("/v1/users/user-5/recommendations")).GetProperty("source").GetString());
        }

        // The list is durable: a retrained model is cleaned at start-up as well.
        TestData.WriteModel(dir, item2vec: true, bundles: true);
        await using (var restarted = await TestHost.StartAsync(dir))
        {
            Assert.False(TestData.AnyFileContains(dir, key));
            Assert.False((await restarted.GetJson("/v1/users/user-3/recommendations")).GetProperty("personalised").GetBoolean());
            using var store = new EventStore(restarted.EventsPath);
            Assert.Contains(key, store.ErasedKeys());
        }
    }

    [Fact]
    public async Task The_erasure_list_holds_pseudonymous_keys_only()
    {
        var dir = TestData.WriteModel();
        await using var h = await TestHost.StartAsync(dir);
        await h.PostEvents(new { user_id = "user-7", type = "view", item_id = "I00" });
        Assert.Equal(HttpStatusCode.OK, (await Admin(h, HttpMethod.Delete, "/v1/users/user-7")).StatusCode);
        var keys = EventStore.ReadErasedKeys(h.EventsPath);
        Assert.Equal([TestData.Pseudonymizer.Key("user-7")], keys);
        await h.App.StopAsync();
        Assert.False(TestData.AnyFileContains(Path.GetDirectoryName(h.EventsPath)!, "user-7"));
    }
}
