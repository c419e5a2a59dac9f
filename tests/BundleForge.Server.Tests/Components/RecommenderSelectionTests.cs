using System.Text.Json;
using BundleForge.Server.Components;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Tests.Components;

/// <summary>Which recommender answers, how the answer says so, and what happens when a component is absent or
/// cannot run.</summary>
public class RecommenderSelectionTests
{
    private static string[] Names(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public async Task Item2vec_answers_when_the_model_has_it_and_says_so()
    {
        await using var h = await TestHost.StartAsync(TestData.WriteModel(item2vec: true));
        var r = await h.GetJson("/v1/users/user-3/recommendations?k=5");
        Assert.Equal("item2vec", r.GetProperty("source").GetString());
        Assert.True(r.GetProperty("personalised").GetBoolean());
        Assert.All(r.GetProperty("items").EnumerateArray(), i => Assert.Equal("item2vec", i.GetProperty("source").GetString()));
        // No sasrec in the model: the order falls through to item2vec, the baseline closes it.
        Assert.Equal(["item2vec", "baseline"], Names((await h.GetJson("/health")).GetProperty("recommenders")));

        var unknown = await h.GetJson("/v1/users/stranger/recommendations?k=3");
        Assert.Equal("popularity", unknown.GetProperty("source").GetString());
        Assert.False(unknown.GetProperty("personalised").GetBoolean());
    }

    [Fact]
    public async Task The_baseline_answers_a_model_without_richer_recommenders()
    {
        await using var h = await TestHost.StartAsync();
        var r = await h.GetJson("/v1/users/user-3/recommendations?k=3");
        Assert.Equal("baseline", r.GetProperty("source").GetString());
        Assert.Equal(["baseline"], Names((await h.GetJson("/health")).GetProperty("recommenders")));
    }

    [Fact]
    public async Task Configured_order_picks_the_recommender_and_unknown_names_are_refused()
    {
        var model = TestData.WriteModel(item2vec: true);
        await using (var h = await TestHost.StartAsync(model, false, "--Recommendations:Model=baseline"))
            Assert.Equal("baseline", (await h.GetJson("/v1/users/user-3/recommendations")).GetProperty("source").GetString());
        var e = await Assert.ThrowsAsync<DataException>(() => TestHost.StartAsync(model, false, "--Recommendations:Model=gpt,baseline"));
        Assert.Contains("unknown recommender 'gpt'", e.Message);
        Assert.Contains("item2vec", e.Message);
    }

    [Fact]
    public async Task Sasrec_answers_when_present_and_libtorch_loads()
    {
        await using var h = await TestHost.StartAsync(TestData.WriteModel(item2vec: true, sasrec: true));
        var r = await h.GetJson("/v1/users/user-3/recommendations?k=4");
        Assert.Equal("sasrec", r.GetProperty("source").GetString());
        Assert.Equal(4, r.GetProperty("items").GetArrayLength());
        var health = await h.GetJson("/health");
        Assert.Equal(["sasrec", "item2vec", "baseline"], Names(health.GetProperty("recommenders")));
        Assert.False(health.TryGetProperty("unavailable", out _));
    }

    [Fact]
    public async Task A_sasrec_component_that_cannot_load_libtorch_is_skipped_with_a_warning_not_a_crash()
    {
        var model = TestData.WriteModel(item2vec: true, sasrec: true);
        IReadOnlyList<IServingComponentFactory> factories =
        [
            new Item2VecRecommenderFactory(),
            new SasRecRecommenderFactory(() => throw new DataException("The neural models need libtorch (TorchSharp), and it could not be loaded on this system.")),
        ];
        await using var h = await TestHost.StartAsync(model, factories, false);
        var r = await h.GetJson("/v1/users/user-3/recommendations?k=4");
        Assert.Equal("item2vec", r.GetProperty("source").GetString());
        var health = await h.GetJson("/health");
        Assert.Equal(["sasrec"], Names(health.GetProperty("unavailable")));
        Assert.Equal(["item2vec", "baseline"], Names(health.GetProperty("recommenders")));
        // A reload keeps the same fallback rather than refusing the model.
        var reload = new HttpRequestMessage(HttpMethod.Post, "/v1/admin/reload");
        reload.Headers.Add("X-Api-Key", TestHost.AdminKey);
        Assert.True((await h.Client.SendAsync(reload)).IsSuccessStatusCode);
        Assert.Equal("item2vec", (await h.GetJson("/v1/users/user-3/recommendations")).GetProperty("source").GetString());
    }

    [Fact]
    public async Task When_no_recommender_has_anything_the_answer_is_popularity()
    {
        // Declining an offer makes the user known but says nothing about what they want: neither item2vec nor the
        // baseline has an anchor, so the list is popular items (never the declined ones) marked as the fallback.
        await using var h = await TestHost.StartAsync(TestData.WriteModel(item2vec: true));
        await h.PostEvents(new { user_id = "newcomer", type = "offer_declined", offer_id = "o1", items = new[] { "I19", "I00" } });
        var r = await h.GetJson("/v1/users/newcomer/recommendations?k=3");
        Assert.True(r.GetProperty("personalised").GetBoolean());
        Assert.Equal("popularity", r.GetProperty("source").GetString());
        Assert.Equal("popularity", r.GetProperty("fallback").GetString());
        Assert.DoesNotContain("I19", TestHost.ItemIds(r));
        Assert.DoesNotContain("I00", TestHost.ItemIds(r));
    }
}
