using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace BundleForge.Cluster.Tests;

/// <summary>kill -9 of a node during a bounded load run: every acknowledged event is in PostgreSQL, and the dead node's
/// customers are served by the others within the membership timeout (docs/SCALE.md).</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterCrashTests(PostgresFixture pg, Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    /// <summary>The documented bound: probe timeout 2 s × 2 missed probes, a table refresh, and a 10 s grain-call timeout for calls already waiting on the dead node.</summary>
    private static readonly TimeSpan MembershipTimeout = TimeSpan.FromSeconds(30);

    private readonly Lazy<ThreeNodes> _cluster = new(() => new ThreeNodes(pg, "crash_" + Guid.NewGuid().ToString("N")[..8]));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [ClusterFact]
    public async Task Kill_9_of_a_node_under_load_loses_no_acknowledged_event_and_its_customers_are_served_by_the_others()
    {
        var c = _cluster.Value;
        var acknowledged = new ConcurrentBag<string>();
        int refused = 0;
        var alive = new[] { true, true, true };
        var stop = Stopwatch.StartNew();
        var killed = TimeSpan.Zero;
        async Task Writer(int w)
        {
            for (int i = 0; stop.Elapsed < TimeSpan.FromSeconds(12); i++)
            {
                int n = (w + i) % 3;
                if (!Volatile.Read(ref alive[n]))
                    n = (n + 1) % 3 == 2 ? 0 : (n + 1) % 3;
                var id = $"w{w}-{i}";
                try
                {
                    var r = await _http.PostAsJsonAsync(new Uri(c.Nodes[n].Url, "/v1/events"),
                        new { user_id = $"load-{(w * 31 + i) % 40}", type = "view", item_id = $"I{i % 12:00}", event_id = id });
                    if (r.StatusCode == HttpStatusCode.OK)
                        acknowledged.Add(id);
                    else
                        Interlocked.Increment(ref refused);
                }
                catch (HttpRequestException) { Interlocked.Increment(ref refused); }
                catch (TaskCanceledException) { Interlocked.Increment(ref refused); }
            }
        }
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() => Writer(w))).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(4));
        Volatile.Write(ref alive[2], false);
        c.C.KillHard();
        killed = stop.Elapsed;
        await Task.WhenAll(writers);

        Assert.True(acknowledged.Count >= 10, $"only {acknowledged.Count} events were acknowledged ({refused} refused)\n{c.Logs()}");
        long stored = c.Scalar("SELECT count(*) FROM bundleforge_events WHERE event_id = ANY($1)", (object)acknowledged.ToArray());
        Assert.Equal(acknowledged.Count, stored);
        output.WriteLine($"{acknowledged.Count} events acknowledged, {refused} refused or failed, {stored} of the acknowledged in PostgreSQL");

        // Every customer of the load (some lived on C) is answered by A and B, with their session, within the timeout.
        var since = Stopwatch.StartNew();
        for (int u = 0; u < 40; u++)
        {
            foreach (var node in new[] { c.A, c.B })
            {
                while (true)
                {
                    try
                    {
                        var r = await _http.GetAsync(new Uri(node.Url, $"/v1/users/load-{u}/recommendations?k=3"));
                        if (r.StatusCode == HttpStatusCode.OK && (await r.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("personalised").GetBoolean())
                            break;
                    }
                    catch (HttpRequestException) { }
                    catch (TaskCanceledException) { }
                    Assert.True(stop.Elapsed - killed < MembershipTimeout, $"load-{u} not served by {node.Name} {stop.Elapsed - killed} after the kill\n{c.Logs()}");
                    await Task.Delay(200);
                }
            }
        }
        output.WriteLine($"every customer of the load served with their session by A and B {(stop.Elapsed - killed).TotalSeconds:F1} s after the kill");
    }

    public void Dispose()
    {
        _http.Dispose();
        if (_cluster.IsValueCreated)
            _cluster.Value.Dispose();
    }
}
