using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BundleForge.Tests.Hosting;

namespace BundleForge.Cluster.Tests;

/// <summary>The offer-response learner is shared: offer feedback one node acknowledges moves every node's feedback
/// state (the answer key) and, after the refit, its pricing.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClusterLearnerTests(PostgresFixture pg, Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [ClusterFact]
    public async Task Offer_feedback_posted_on_node_A_changes_the_learner_state_node_B_prices_with()
    {
        var (model, customer) = pg.BundleModel;
        // Node A polls the shared log once an hour: what it learns from the feedback below, it learns in the request.
        using var c = new ThreeNodes(pg, "learner_" + Guid.NewGuid().ToString("N")[..8], model, ("LearnerPollMilliseconds", "3600000"));
        // A bundle node A offers the customer: its items and price are what the feedback below is about.
        var offered = await _http.GetFromJsonAsync<JsonElement>(new Uri(c.A.Url, $"/v1/users/{customer}/bundles?n=3"));
        var bundle = offered.GetProperty("bundles").EnumerateArray().FirstOrDefault(b => b.GetProperty("discount_percent").GetDouble() > 0);
        Assert.True(bundle.ValueKind == JsonValueKind.Object, "node A offered no discounted bundle: " + offered);
        var items = bundle.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("item_id").GetString()!).ToArray();
        double price = bundle.GetProperty("price").GetDouble();
        long before = await FeedbackVersionAsync(c.B);
        Assert.Equal(before, await FeedbackVersionAsync(c.A));
        double acceptanceBefore = await AcceptanceAsync(c.B, customer, items);

        // 40 customers accept that bundle at that price, all through node A (one batch: one append to the shared log).
        const int Accepted = 40;
        var events = Enumerable.Range(0, Accepted).Select(k => new { user_id = $"taker-{k}", type = "offer_accepted", offer_id = $"offer-{k}", items, price, event_id = $"t-{k}" }).ToArray();
        var ack = await _http.PostAsJsonAsync(new Uri(c.A.Url, "/v1/events"), new { events });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        // Node A applied the feedback in the request that stored it (its poll cannot have): its next scrape shows it.
        // (/metrics is not cached; with the exporter's 300 ms page cache this read once showed the state from before
        // the request, which looked like A applying its own feedback at its next poll.)
        Assert.Equal(before + Accepted, await FeedbackVersionAsync(c.A));

        // B and C heard nothing directly: their learners reach A's state through the shared log.
        var clock = Stopwatch.StartNew();
        foreach (var node in new[] { c.B, c.C })
        {
            while (await FeedbackVersionAsync(node) != before + Accepted)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"node {node.Name} is at feedback state {await FeedbackVersionAsync(node)} {clock.Elapsed} after A acknowledged {Accepted} outcomes\n{c.Logs()}");
                await Task.Delay(20);
            }
            // The feedback state is part of every answer's key (docs/STRATEGY.md, "One answer per state"): the nodes'
            // exploration draws now agree.
            output.WriteLine($"node {node.Name} reached node A's feedback state {clock.Elapsed.TotalMilliseconds:F0} ms after A acknowledged the feedback");
        }
        // The learner refits on the shared evidence (in the background): B's acceptance of that bundle rises.
        double acceptanceAfter = acceptanceBefore;
        while (acceptanceAfter <= acceptanceBefore)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"node B still prices the bundle at acceptance {acceptanceAfter} (before: {acceptanceBefore})");
            await Task.Delay(50);
            acceptanceAfter = await AcceptanceAsync(c.B, customer, items);
        }
        output.WriteLine($"node B's acceptance of the bundle: {acceptanceBefore:F4} before, {acceptanceAfter:F4} after {Accepted} acceptances on node A");
        Assert.Equal(Accepted, c.Scalar("SELECT count(*) FROM bundleforge_offer_feedback"));

        // Erasure keeps the learned evidence but not the customer's key.
        using var erase = new HttpRequestMessage(HttpMethod.Delete, new Uri(c.C.Url, "/v1/users/taker-0"));
        erase.Headers.Add("X-Api-Key", ClusterNode.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(erase)).StatusCode);
        Assert.Equal(0, c.Scalar("SELECT count(*) FROM bundleforge_offer_feedback WHERE user_key = $1", PostgresFixture.Pseudonyms.Key("taker-0")));
        Assert.Equal(Accepted, c.Scalar("SELECT count(*) FROM bundleforge_offer_feedback"));
    }

    private async Task<double> AcceptanceAsync(CliProcess node, string user, string[] items)
    {
        var r = await _http.PostAsJsonAsync(new Uri(node.Url, "/v1/bundles/price"), new { user_id = user, items });
        var body = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("bundle").GetProperty("acceptance").GetDouble();
    }

    /// <summary>The node's <c>bundleforge_offers_feedback_version</c> from /metrics.</summary>
    private async Task<long> FeedbackVersionAsync(CliProcess node)
    {
        var text = await _http.GetStringAsync(new Uri(node.Url, "/metrics"));
        var m = FeedbackVersionLine().Match(text);
        Assert.True(m.Success, "no feedback version in /metrics:\n" + text);
        return long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^bundleforge_offers_feedback_version(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline)]
    private static partial Regex FeedbackVersionLine();

    public void Dispose() => _http.Dispose();
}
