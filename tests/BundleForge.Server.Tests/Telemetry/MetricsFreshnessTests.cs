using System.Globalization;
using System.Text.RegularExpressions;
using BundleForge.Server.Tests.Components;

namespace BundleForge.Server.Tests.Telemetry;

/// <summary><c>/metrics</c> shows the state at the time of the scrape: offer feedback acknowledged right after one
/// scrape is in the next. (OpenTelemetry's Prometheus exporter serves its previous page for 300 ms by default, which made
/// the cluster learner test read a node's feedback state from before the request that moved it.)</summary>
[Collection(MetricsCollection.Name)]
public sealed partial class MetricsFreshnessTests
{
    [Fact]
    public async Task A_scrape_right_after_offer_feedback_shows_the_moved_feedback_state()
    {
        await using var h = await TestHost.StartAsync(BundlesComponentTests.WriteModelWithBundles());
        long before = await FeedbackVersionAsync(h);
        for (int e = 1; e <= 3; e++)
        {
            await h.PostEvents(new { user_id = $"shopper-{e}", type = "offer_accepted", offer_id = $"o{e}", items = new[] { "I10", "I11" }, price = 20.99 });
            // No wait: the in-memory server answers in well under the exporter's old 300 ms cache.
            Assert.Equal(before + e, await FeedbackVersionAsync(h));
        }
    }

    private static async Task<long> FeedbackVersionAsync(TestHost h)
    {
        var text = await h.Client.GetStringAsync("/metrics");
        var m = FeedbackVersionLine().Match(text);
        Assert.True(m.Success, "no feedback version in /metrics:\n" + text);
        return long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^bundleforge_offers_feedback_version(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline)]
    private static partial Regex FeedbackVersionLine();
}
