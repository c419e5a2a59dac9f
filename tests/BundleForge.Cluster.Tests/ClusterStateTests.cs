using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using BundleForge.Cluster.Database;

namespace BundleForge.Cluster.Tests;

/// <summary>Three nodes share customers: what one acknowledges, the others answer with; an erasure anywhere holds
/// everywhere; a reload anywhere moves every node.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterStateTests(PostgresFixture pg, Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly Lazy<ThreeNodes> _cluster = new(() => new ThreeNodes(pg, "state_" + Guid.NewGuid().ToString("N")[..8]));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [ClusterFact]
    public async Task A_purchase_acknowledged_on_node_A_changes_node_B_answer_within_one_second()
    {
        var c = _cluster.Value;
        var before = await ThreeNodes.RecommendationsAsync(_http, c.B, "walker");
        Assert.False(before.GetProperty("personalised").GetBoolean());

        var ack = await _http.PostAsJsonAsync(new Uri(c.A.Url, "/v1/events"), new { user_id = "walker", type = "purchase", item_id = "I04", event_id = "w-1" });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var clock = Stopwatch.StartNew();
        var after = await ThreeNodes.RecommendationsAsync(_http, c.B, "walker");
        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"node B answered after {clock.Elapsed}");
        output.WriteLine($"node B answered with the purchase acknowledged by node A {clock.Elapsed.TotalMilliseconds:F0} ms after the acknowledgement");
        Assert.True(after.GetProperty("personalised").GetBoolean(), c.Logs());
        // I05 is bought with I04 by most of the shop; node B knows the purchase only through the cluster.
        Assert.Equal("I05", after.GetProperty("items")[0].GetProperty("item_id").GetString());
        // And C, which saw nothing either, answers the same.
        Assert.Equal("I05", (await ThreeNodes.RecommendationsAsync(_http, c.C, "walker")).GetProperty("items")[0].GetProperty("item_id").GetString());
        Assert.Equal(1, c.Scalar("SELECT count(*) FROM bundleforge_events WHERE user_key = $1", PostgresFixture.Pseudonyms.Key("walker")));
    }

    [ClusterFact]
    public async Task An_erasure_on_node_C_is_honoured_by_A_and_B_and_the_event_log_and_the_registry()
    {
        var c = _cluster.Value;
        // u1 has a profile in the model (trained) and live events in the cluster.
        Assert.True((await ThreeNodes.RecommendationsAsync(_http, c.A, "u1")).GetProperty("personalised").GetBoolean());
        var ack = await _http.PostAsJsonAsync(new Uri(c.B.Url, "/v1/events"), new { user_id = "u1", type = "cart", item_id = "I00" });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var key = PostgresFixture.Pseudonyms.Key("u1");
        Assert.Equal(1, c.Scalar("SELECT count(*) FROM bundleforge_events WHERE user_key = $1", key));

        using var erase = new HttpRequestMessage(HttpMethod.Delete, new Uri(c.C.Url, "/v1/users/u1"));
        erase.Headers.Add("X-Api-Key", ClusterNode.AdminKey);
        var erased = await _http.SendAsync(erase);
        Assert.True(erased.StatusCode == HttpStatusCode.OK, await erased.Content.ReadAsStringAsync() + c.Logs());

        Assert.Equal(0, c.Scalar("SELECT count(*) FROM bundleforge_events WHERE user_key = $1", key));
        Assert.Contains(key, ClusterEventLog.ReadErasedKeys(c.ConnectionString));
        // A and B drop the profile when they follow the version C published (a reload each); until then at most the poll period.
        var clock = Stopwatch.StartNew();
        foreach (var node in new[] { c.A, c.B, c.C })
        {
            while (true)
            {
                var answer = await ThreeNodes.RecommendationsAsync(_http, node, "u1");
                if (!answer.GetProperty("personalised").GetBoolean())
                    break;
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"node {node.Name} still knows u1 after {clock.Elapsed}\n{c.Logs()}");
                await Task.Delay(100);
            }
            output.WriteLine($"node {node.Name} no longer knows the erased user {clock.Elapsed.TotalSeconds:F1} s after the DELETE answered");
        }

        // Retraining reads the cluster's registry: the shop's 30 customers, less the erased one.
        var retrained = Path.Combine(Directory.CreateTempSubdirectory("bundleforge-retrain-").FullName, "model");
        var train = ClusterNode.Run("train", "--data", Path.Combine(Path.GetDirectoryName(pg.Model)!, "shop.csv"), "--models", "baseline", "--out", retrained,
            "--erasures", c.ConnectionString, "--json");
        Assert.True(train.Exit == 0, train.Stderr);
        Assert.Equal(29, System.Text.Json.JsonDocument.Parse(train.Stdout).RootElement.GetProperty("models").GetProperty("baseline").GetProperty("profiles").GetInt32());
    }

    [ClusterFact]
    public async Task A_reload_on_node_A_under_load_moves_every_node_to_the_new_version_and_fails_no_request()
    {
        var c = _cluster.Value;
        string before = (await ThreeNodes.RecommendationsAsync(_http, c.A, "u2")).GetProperty("model_version").GetString()!;
        int requests = 0, failed = 0;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        async Task Load(int w)
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                var node = c.Nodes[(w + i) % 3];
                var path = i % 2 == 0 ? $"/v1/users/u{i % 30}/recommendations?k=3" : $"/v1/users/u{i % 30}/bundles?n=2";
                var r = await _http.GetAsync(new Uri(node.Url, path));
                Interlocked.Increment(ref requests);
                // Bundles answer 503 when the model has no bundle engine (this one has none): that is an answer, not a failure.
                if (r.StatusCode != HttpStatusCode.OK && !(path.Contains("/bundles", StringComparison.Ordinal) && r.StatusCode == HttpStatusCode.ServiceUnavailable))
                {
                    Interlocked.Increment(ref failed);
                    failures.Add($"{node.Name} {path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                }
            }
        }
        var load = Enumerable.Range(0, 3).Select(w => Task.Run(() => Load(w))).ToArray();

        // A new version in the folder every node serves, then one reload on A.
        var model = pg.Model;
        var retrain = ClusterNode.Run("train", "--data", Path.Combine(Path.GetDirectoryName(model)!, "shop.csv"), "--models", "baseline", "--out", model);
        Assert.True(retrain.Exit == 0, retrain.Stderr);
        using var reload = new HttpRequestMessage(HttpMethod.Post, new Uri(c.A.Url, "/v1/admin/reload"));
        reload.Headers.Add("X-Api-Key", ClusterNode.AdminKey);
        var reloaded = await _http.SendAsync(reload);
        Assert.True(reloaded.StatusCode == HttpStatusCode.OK, await reloaded.Content.ReadAsStringAsync());
        string after = (await reloaded.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("model_version").GetString()!;
        Assert.NotEqual(before, after);

        var clock = Stopwatch.StartNew();
        foreach (var node in new[] { c.B, c.C })
        {
            while ((await ThreeNodes.RecommendationsAsync(_http, node, "u2")).GetProperty("model_version").GetString() != after)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"node {node.Name} did not follow to {after} in {clock.Elapsed}\n{c.Logs()}");
                await Task.Delay(100);
            }
            output.WriteLine($"node {node.Name} serves {after} {clock.Elapsed.TotalSeconds:F1} s after node A's reload answered");
        }
        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.True(requests > 10, $"only {requests} requests");
        output.WriteLine($"{requests} requests during the reload, {failed} failed");
        Assert.True(failed == 0, $"{failed} of {requests} requests failed: {string.Join("; ", failures.Take(5))}");
    }

    public void Dispose()
    {
        _http.Dispose();
        if (_cluster.IsValueCreated)
            _cluster.Value.Dispose();
    }
}
