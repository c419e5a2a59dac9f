using System.Net;
using System.Text.Json;
using BundleForge.Artifacts;
using BundleForge.BundleRanking;
using BundleForge.Data;
using BundleForge.Training;

namespace BundleForge.Server.Tests.Api;

/// <summary>The shop's predefined bundles ranked per customer by the real server on 127.0.0.1, priced by the bundle
/// engine, with reasons; and on the dashboard's customer page.</summary>
public sealed class PredefinedBundleTests
{
    private const string DashboardKey = "dashboard-key-for-tests-0123456789";

    // Kits over the generated shop: A = I00+I01, B = I02+I03, C = the toy trio, D = I00+I01+I05 (nobody took it), E = I18+I19.
    // Users 0–4 took A and C, users 5–6 took only A, users 7–9 took B and E: for user 5, C is what A's takers also took.
    private static Dataset WithKits()
    {
        var data = TestData.Dataset();
        string[] ids = ["kit-A", "kit-B", "kit-C", "kit-D", "kit-E"];
        int[][] kits = [[0, 1], [2, 3], [10, 11, 12], [0, 1, 5], [18, 19]];
        var offsets = new int[kits.Length + 1];
        for (int b = 0; b < kits.Length; b++)
            offsets[b + 1] = offsets[b] + kits[b].Length;
        var train = new List<(int, int)>();
        for (int u = 0; u <= 4; u++)
            train.AddRange([(u, 0), (u, 2)]);
        train.AddRange([(5, 0), (6, 0)]);
        for (int u = 7; u <= 9; u++)
            train.AddRange([(u, 1), (u, 4)]);
        return new Dataset
        {
            Items = data.Items,
            Users = data.Users,
            Interactions = data.Interactions,
            Baskets = data.Baskets,
            Report = data.Report,
            Format = data.Format,
            HasRealTime = data.HasRealTime,
            Bundles = new BundleCatalog(ids, offsets, [.. kits.SelectMany(k => k)], [.. train], [], []),
        };
    }

    /// <summary>Baseline, bundle engine (the pricer) and ranker trained into one model folder.</summary>
    private static string WriteModel(Dataset data)
    {
        var dir = Path.Combine(TestData.TempDir(), "model");
        using var writer = new ModelWriter(dir, data.Fingerprint, data.Format);
        BundleForge.Baseline.BaselineModel.Build(data, TestData.Pseudonymizer, TestData.Options).Save(writer, TestData.Options, TestData.Pseudonymizer);
        CatalogComponent.Save(writer, data.Items);
        BundleForge.Bundles.Engine.BundleModel.Build(data, data.Baskets, TestData.Pseudonymizer).Save(writer);
        new BundleRankerTrainer(new BundleRankerOptions { Lambdas = [1f], Threads = 1 })
            .Train(new TrainingContext(data, writer, 1, 7, TestData.Pseudonymizer, null), CancellationToken.None);
        writer.Commit();
        return dir;
    }

    [Fact]
    public async Task A_customer_gets_the_kits_they_did_not_take_ranked_priced_and_explained()
    {
        var data = WithKits();
        await using var h = await TestHost.StartAsync(WriteModel(data), realSocket: true, $"--Dashboard:ApiKey={DashboardKey}");
        Assert.StartsWith("http://127.0.0.1:", h.Client.BaseAddress!.ToString());

        var r = await h.GetJson("/v1/users/user-5/predefined-bundles?n=3");
        var bundles = r.GetProperty("bundles").EnumerateArray().ToList();
        Assert.Equal(3, bundles.Count);
        Assert.DoesNotContain(bundles, b => b.GetProperty("bundle_id").GetString() == "kit-A");
        var first = bundles[0];
        Assert.Equal("kit-C", first.GetProperty("bundle_id").GetString());
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.Contains(first.GetProperty("because").GetProperty("your_bundles").EnumerateArray(), x => x.GetProperty("bundle_id").GetString() == "kit-A");
        Assert.Contains("kit-A", first.GetProperty("explanation").GetString());
        Assert.Equal(new[] { "I10", "I11", "I12" }, first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("item_id").GetString()!).ToArray());
        // Priced from its items by the bundle engine: a bundle price no higher than the items' list prices (11+12+13).
        Assert.False(string.IsNullOrEmpty(r.GetProperty("currency").GetString()));
        Assert.Equal(36.0, first.GetProperty("list_price").GetDouble(), 2);
        Assert.True(first.GetProperty("price").GetDouble() <= 36.0);
        Assert.True(bundles.Zip(bundles.Skip(1)).All(p => p.First.GetProperty("score").GetDouble() >= p.Second.GetProperty("score").GetDouble()));
        // The kit nobody took is marked new and still ranked, from its items.
        var all = (await h.GetJson("/v1/users/user-5/predefined-bundles?n=50")).GetProperty("bundles").EnumerateArray().ToList();
        Assert.Equal(4, all.Count);
        Assert.True(all.Single(b => b.GetProperty("bundle_id").GetString() == "kit-D").GetProperty("new").GetBoolean());

        // A customer the model does not know still gets every kit (by popularity and nothing excluded).
        var unknown = await h.GetJson("/v1/users/somebody-new/predefined-bundles?n=50");
        Assert.Equal(5, unknown.GetProperty("bundles").GetArrayLength());

        // Bad requests are 400 problem bodies naming the parameter.
        foreach (var bad in new[] { "n=0", "n=51", "n=abc" })
        {
            var resp = await h.Client.GetAsync("/v1/users/user-5/predefined-bundles?" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, resp.StatusCode);
            Assert.Equal("application/problem+json", resp.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await resp.Content.ReadAsStringAsync());
            Assert.Contains("n", problem.RootElement.GetProperty("detail").GetString());
        }
        var longId = await h.Client.GetAsync("/v1/users/" + new string('x', 5000) + "/predefined-bundles");
        Assert.Equal(HttpStatusCode.BadRequest, longId.StatusCode);

        // The dashboard's customer page shows the same ranking.
        var page = new HttpRequestMessage(HttpMethod.Get, "/users?id=user-5");
        page.Headers.Add("X-Dashboard-Key", DashboardKey);
        var html = await (await h.Client.SendAsync(page)).Content.ReadAsStringAsync();
        Assert.Contains("predefined-table", html);
        Assert.True(html.IndexOf("kit-C", StringComparison.Ordinal) > html.IndexOf("predefined-table", StringComparison.Ordinal), "kit-C is listed in the table");

        // Erasure drops which kits the customer took: kit-A is no longer known as theirs, so it is offered again.
        var erase = new HttpRequestMessage(HttpMethod.Delete, "/v1/users/user-5");
        erase.Headers.Add("X-Api-Key", TestHost.AdminKey);
        var erased = await h.Client.SendAsync(erase);
        Assert.True(erased.IsSuccessStatusCode, await erased.Content.ReadAsStringAsync());
        var after = (await h.GetJson("/v1/users/user-5/predefined-bundles?n=50")).GetProperty("bundles").EnumerateArray();
        Assert.Contains(after, b => b.GetProperty("bundle_id").GetString() == "kit-A");
    }

    [Fact]
    public async Task Without_the_ranker_the_endpoint_is_503_after_validating_the_request()
    {
        await using var h = await TestHost.StartAsync(null, realSocket: true);
        var bad = await h.Client.GetAsync("/v1/users/user-5/predefined-bundles?n=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var missing = await h.Client.GetAsync("/v1/users/user-5/predefined-bundles");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, missing.StatusCode);
        Assert.Contains("bundle-ranker", await missing.Content.ReadAsStringAsync());
    }
}
