using System.Globalization;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;
using BundleForge.Server.Tests.Components;

namespace BundleForge.Server.Tests.Dashboard;

/// <summary>Over a real socket on 127.0.0.1: an offer whose acceptance interval is wider than
/// <see cref="AcceptanceEvidence.WideInterval"/> carries <c>little_evidence</c> and the number of responses behind it in
/// the API, and the dashboard's bundle card says "little evidence yet" with that number instead of the bare interval;
/// once feedback has narrowed an interval, the card shows the interval again. Exploration is off.</summary>
[Collection(MetricsCollection.Name)]
public class LittleEvidenceTests
{
    private const string DashboardKey = "dashboard-key-for-tests-0123456789";

    private sealed record Offer(string User, double Low, double High, bool Little, long Responses);

    private static async Task<List<Offer>> Offers(TestHost h, IEnumerable<string> users)
    {
        var offers = new List<Offer>();
        foreach (var user in users)
        {
            var answer = await h.GetJson($"/v1/users/{user}/bundles?n=3");
            foreach (var b in answer.GetProperty("bundles").EnumerateArray())
            {
                var interval = b.GetProperty("acceptance_interval").EnumerateArray().Select(x => x.GetDouble()).ToArray();
                offers.Add(new Offer(user, interval[0], interval[1], b.GetProperty("little_evidence").GetBoolean(), b.GetProperty("responses").GetInt64()));
            }
        }
        return offers;
    }

    private static async Task<string> Cards(TestHost h, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/users?id={user}");
        request.Headers.Add("X-Dashboard-Key", DashboardKey);
        var response = await h.Client.SendAsync(request);
        string page = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, page);
        int section = page.IndexOf("<section id=\"bundles\">", StringComparison.Ordinal);
        Assert.True(section >= 0, "no bundles section");
        return page[section..page.IndexOf("</section>", section, StringComparison.Ordinal)];
    }

    private static string Interval(Offer o) =>
        $"({o.Low.ToString("0%", CultureInfo.InvariantCulture)}–{o.High.ToString("0%", CultureInfo.InvariantCulture)}, 90% interval)";

    [Fact]
    public async Task Wide_acceptance_intervals_say_little_evidence_yet_with_the_responses_behind_them()
    {
        var dir = BundlesComponentTests.WriteModelWithBundles(MarketStrategy.Default with { OnePerCategory = false, Exploration = false });
        await using var h = await TestHost.StartAsync(dir, true, $"--Dashboard:ApiKey={DashboardKey}");
        Assert.StartsWith("http://127.0.0.1:", h.Client.BaseAddress!.ToString());
        string[] users = ["user-1", "user-2", "user-3", "user-4", "user-5"];

        // No feedback yet: the flag is exactly the documented rule, and no response stands behind any estimate.
        var before = await Offers(h, users);
        Assert.NotEmpty(before);
        Assert.All(before, o => Assert.Equal(o.High - o.Low > AcceptanceEvidence.WideInterval, o.Little));
        Assert.All(before, o => Assert.Equal(0, o.Responses));
        var little = before.FirstOrDefault(o => o.Little);
        Assert.True(little is not null, "a model without feedback should have wide intervals: " + string.Join("; ", before));
        string cards = await Cards(h, little.User);
        Assert.Contains("little evidence yet: 0 responses to offers", cards);
        Assert.DoesNotContain(Interval(little), cards);

        // Feedback on offers of these bundles: the responses are counted, and intervals narrow.
        int posted = 0;
        for (int round = 0; round < 12; round++)
            foreach (var user in users)
            {
                var answer = await h.GetJson($"/v1/users/{user}/bundles?n=3");
                foreach (var b in answer.GetProperty("bundles").EnumerateArray())
                {
                    var items = b.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("item_id").GetString()).ToArray();
                    await h.PostEvents(new
                    {
                        user_id = user,
                        type = posted % 4 == 0 ? "offer_accepted" : "offer_declined",
                        offer_id = $"{b.GetProperty("bundle_id").GetString()}-{posted}",
                        items,
                        price = b.GetProperty("price").GetDouble(),
                    });
                    posted++;
                }
            }
        var after = await Offers(h, users);
        Assert.All(after, o => Assert.Equal(o.High - o.Low > AcceptanceEvidence.WideInterval, o.Little));
        Assert.All(after, o => Assert.InRange(o.Responses, 1, posted));
        var narrow = after.FirstOrDefault(o => !o.Little);
        Assert.True(narrow is not null, $"{posted} responses narrowed no interval: " + string.Join("; ", after));
        cards = await Cards(h, narrow.User);
        Assert.Contains(Interval(narrow), cards);
    }
}
