using System.Text.Json;
using BundleForge.Bundles.Strategy;
using BundleForge.Evaluation.Synthetic;

namespace BundleForge.Server.Tests.Api;

/// <summary>Issue 20, deliver 1: a bundle request that would exceed the per-request budget (<c>RequestBudget</c>
/// settings) is answered smaller, with 200 and a <c>degraded</c> field saying what was left out; within the budget the
/// field is absent. A real server on 127.0.0.1 with budgets small enough to trigger.</summary>
public sealed class RequestBudgetTests
{
    /// <summary>A generated shop big enough that composing a customer's bundles is real work (hundreds of candidates).</summary>
    private static readonly Lazy<(string Model, string[] Users)> Shop = new(() =>
    {
        var (_, data) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 300, Items = 400, Orders = 6_000, Seed = 3 });
        var model = TestData.WriteModel(data: data, bundles: true);
        var users = new string[20];
        for (int k = 0; k < users.Length; k++)
            users[k] = data.Users.Ids[data.Baskets.User[k * 7]];
        return (model, users);
    });

    private static async Task<JsonElement> Bundles(TestHost h, string user, int n)
    {
        var answer = await h.GetJson($"/v1/users/{user}/bundles?n={n}");
        Assert.InRange(answer.GetProperty("bundles").GetArrayLength(), 0, n);
        return answer;
    }

    private static string[] Reasons(JsonElement answer) =>
        answer.TryGetProperty("degraded", out var d) ? d.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToArray() : [];

    [Fact]
    public async Task A_candidate_budget_cuts_the_pool_and_the_answer_says_so()
    {
        var (model, users) = Shop.Value;
        await using var h = await TestHost.StartAsync(model, realSocket: true,
            "--RequestBudget:BundleCandidates=3", "--RequestBudget:Milliseconds=0", "--Bundles:CompositionCacheEntries=0", "--Bundles:WarmItems=0");
        int cut = 0;
        foreach (var user in users)
        {
            var answer = await Bundles(h, user, 3);
            if (Reasons(answer) is not ["candidates"])
                continue;
            cut++;
            var d = answer.GetProperty("degraded");
            Assert.Contains("candidate budget 3", d.GetProperty("detail").GetString());
            Assert.Equal(3, d.GetProperty("candidate_budget").GetInt32());
            Assert.False(d.TryGetProperty("budget_ms", out _));
            // Three candidates make at most three distinct pairs (or one trio) to offer.
            var items = answer.GetProperty("bundles").EnumerateArray().SelectMany(b => b.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("item_id").GetString())).Distinct();
            Assert.InRange(items.Count(), 0, 3);
        }
        Assert.True(cut >= users.Length / 2, $"only {cut} of {users.Length} answers were cut to the candidate budget");
    }

    [Fact]
    public async Task A_time_budget_too_small_for_the_work_degrades_instead_of_failing()
    {
        var (model, users) = Shop.Value;
        // 1 ms: composing and pricing 3n bundles for a customer of this shop takes longer, the first requests (code not
        // yet compiled) far longer.
        await using var h = await TestHost.StartAsync(model, realSocket: true,
            "--RequestBudget:Milliseconds=1", "--Bundles:CompositionCacheEntries=0", "--Bundles:WarmItems=0");
        int degraded = 0;
        foreach (var user in users)
        {
            var answer = await Bundles(h, user, MarketStrategy.MaxBundlesPerRequest);
            if (!Reasons(answer).Contains("time"))
                continue;
            degraded++;
            var d = answer.GetProperty("degraded");
            Assert.Equal(1, d.GetProperty("budget_ms").GetInt32());
            Assert.True(d.GetProperty("elapsed_ms").GetDouble() > 1);
            var detail = d.GetProperty("detail").GetString()!;
            Assert.Contains("time budget of 1 ms ran out", detail);
            Assert.True(detail.Contains("were searched, not up to") || detail.Contains("composed bundles were priced"), detail);
        }
        Assert.True(degraded > 0, "no answer was cut by a 1 ms budget");
    }

    [Fact]
    public async Task Within_the_default_budget_nothing_is_cut()
    {
        var (model, users) = Shop.Value;
        await using var h = await TestHost.StartAsync(model, realSocket: true, "--Bundles:WarmItems=0");
        foreach (var user in users.Take(5))
            Assert.Empty(Reasons(await Bundles(h, user, 3)));
        Assert.False((await h.GetJson($"/v1/users/{users[0]}/recommendations")).TryGetProperty("degraded", out _));
    }

    [Theory]
    [InlineData("--RequestBudget:Milliseconds=-1", "RequestBudget:Milliseconds must be an integer from 0 to 60000")]
    [InlineData("--RequestBudget:BundleCandidates=2000000", "RequestBudget:BundleCandidates must be an integer from 0 to 1000000")]
    public async Task A_bad_budget_stops_the_start_naming_the_key(string setting, string message)
    {
        var e = await Assert.ThrowsAsync<DataException>(() => TestHost.StartAsync(null, realSocket: false, setting));
        Assert.Contains(message, e.Message);
    }
}
