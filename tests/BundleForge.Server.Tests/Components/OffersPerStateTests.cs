using System.Text.Json;
using BundleForge.Bundles.Strategy;

namespace BundleForge.Server.Tests.Components;

/// <summary>One answer per state, over a real socket on 127.0.0.1: identical bundle requests get byte-identical
/// bodies (composed or from the composition cache), the figures carry their names and intervals, and offer feedback
/// can change the answer.</summary>
[Collection(MetricsCollection.Name)]
public class OffersPerStateTests
{
    private static readonly string[] Paths =
    [
        "/v1/users/user-1/bundles?n=3",
        "/v1/users/user-2/bundles?n=2&item=I10",
        "/v1/users/visitor/bundles?n=3",
        "/v1/users/user-4/bundles?n=3&cart=I00",
    ];

    [Fact]
    public async Task Identical_requests_get_byte_identical_bodies_and_feedback_can_change_them()
    {
        var dir = BundlesComponentTests.WriteModelWithBundles(MarketStrategy.Default with { OnePerCategory = false });
        await using var h = await TestHost.StartAsync(dir, realSocket: true);
        Assert.StartsWith("http://127.0.0.1:", h.Client.BaseAddress!.ToString());
        var first = new string[Paths.Length];
        for (int k = 0; k < Paths.Length; k++)
            first[k] = await h.Client.GetStringAsync(Paths[k]);
        for (int round = 0; round < 3; round++)
            for (int k = 0; k < Paths.Length; k++)
                Assert.Equal(first[k], await h.Client.GetStringAsync(Paths[k]));

        int offers = 0;
        foreach (var body in first)
        {
            var root = JsonDocument.Parse(body).RootElement;
            Assert.Equal(JsonValueKind.Object, root.GetProperty("withheld").ValueKind);
            Assert.True(root.GetProperty("withheld").GetProperty("composed").GetInt32() >= root.GetProperty("bundles").GetArrayLength());
            foreach (var b in root.GetProperty("bundles").EnumerateArray())
            {
                offers++;
                Assert.False(b.TryGetProperty("expected_margin", out _));
                Assert.False(b.TryGetProperty("acceptance_probability", out _));
                double acceptance = b.GetProperty("acceptance").GetDouble(), profit = b.GetProperty("expected_profit").GetDouble();
                var interval = b.GetProperty("acceptance_interval").EnumerateArray().Select(x => x.GetDouble()).ToArray();
                Assert.Equal(2, interval.Length);
                Assert.InRange(acceptance, interval[0], interval[1]);
                var profitInterval = b.GetProperty("expected_profit_interval").EnumerateArray().Select(x => x.GetDouble()).ToArray();
                Assert.InRange(profit, profitInterval[0] - 0.01, profitInterval[1] + 0.01);
                Assert.True(profit > 0, $"expected profit {profit}");
                Assert.True(b.GetProperty("discount_percent").GetDouble() >= 5 - 1e-6);
            }
        }
        Assert.True(offers > 0, string.Join('\n', first));

        // Labelled offer feedback moves the feedback state: the exploration draw changes, and after a refit the means.
        bool changed = false;
        for (int e = 0; e < 40 && !changed; e++)
        {
            await h.PostEvents(new { user_id = $"shopper-{e}", type = e % 3 == 0 ? "offer_accepted" : "offer_declined", offer_id = $"o{e}", items = new[] { "I10", "I11" }, price = 20.99 });
            for (int k = 0; k < Paths.Length && !changed; k++)
                changed = await h.Client.GetStringAsync(Paths[k]) != first[k];
        }
        Assert.True(changed, "forty feedback events changed no answer");
    }
}
