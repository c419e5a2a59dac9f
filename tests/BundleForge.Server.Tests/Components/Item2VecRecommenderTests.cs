namespace BundleForge.Server.Tests.Components;

/// <summary>The item2vec recommender blends the user's profile with their live session: a new event changes the
/// very next answer.</summary>
public class Item2VecRecommenderTests
{
    [Fact]
    public async Task A_new_event_changes_the_next_answer_at_once()
    {
        await using var h = await TestHost.StartAsync(TestData.WriteModel(item2vec: true));
        await h.PostEvents(new { user_id = "shopper", type = "view", item_id = "I10" });
        var toys = await h.GetJson("/v1/users/shopper/recommendations?k=3");
        Assert.Equal("item2vec", toys.GetProperty("source").GetString());
        var first = TestHost.ItemIds(toys);
        // I10 is always bought with I11 and I12; the item being viewed is the query, not an answer.
        Assert.Equal(["I11", "I12"], first.Take(2).Order());
        Assert.DoesNotContain("I10", first);

        await h.PostEvents(new[]
        {
            new { user_id = "shopper", type = "cart", item_id = "I00" },
            new { user_id = "shopper", type = "view", item_id = "I00" },
        });
        var kitchen = await h.GetJson("/v1/users/shopper/recommendations?k=3");
        var second = TestHost.ItemIds(kitchen);
        // The cart outweighs the older view: I00's basket partners lead now.
        Assert.Equal(["I01", "I05"], second.Take(2).Order());
        Assert.DoesNotContain("I00", second);
    }

    [Fact]
    public async Task A_known_user_gets_a_profile_answer_that_their_session_moves()
    {
        await using var h = await TestHost.StartAsync(TestData.WriteModel(item2vec: true));
        var profileOnly = await h.GetJson("/v1/users/loner/recommendations?k=4");
        Assert.Equal("item2vec", profileOnly.GetProperty("source").GetString());
        var before = TestHost.ItemIds(profileOnly);
        await h.PostEvents(new { user_id = "loner", type = "view", item_id = "I11" });
        var after = TestHost.ItemIds(await h.GetJson("/v1/users/loner/recommendations?k=4"));
        Assert.NotEqual(before, after);
        Assert.Equal(["I10", "I12"], after.Take(2).Order());
        // With room for every item, a newcomer with the same session is offered I02; the loner, who bought it, never.
        await h.PostEvents(new { user_id = "newcomer", type = "view", item_id = "I11" });
        var newcomer = await h.GetJson("/v1/users/newcomer/recommendations?k=20");
        Assert.Contains("I02", TestHost.ItemIds(newcomer));
        Assert.Equal("item2vec", newcomer.GetProperty("source").GetString());
        Assert.DoesNotContain("I02", TestHost.ItemIds(await h.GetJson("/v1/users/loner/recommendations?k=20")));
    }

    [Fact]
    public async Task Over_a_real_socket_an_acknowledged_event_shows_in_the_next_answer_within_a_second()
    {
        await using var h = await TestHost.StartAsync(TestData.WriteModel(item2vec: true), realSocket: true);
        Assert.StartsWith("http://127.0.0.1:", h.Client.BaseAddress!.ToString());
        await h.GetJson("/v1/users/user-3/recommendations"); // first request on a cold server pays for JIT
        await h.PostEvents(new { user_id = "socket-shopper", type = "view", item_id = "I10" });
        // From the acknowledgement of the event to the answer that reflects it.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answer = await h.GetJson("/v1/users/socket-shopper/recommendations?k=2");
        clock.Stop();
        Assert.Equal("item2vec", answer.GetProperty("source").GetString());
        Assert.Equal(["I11", "I12"], TestHost.ItemIds(answer).Order());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"event to answer took {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void The_recommender_and_the_bundle_engine_share_one_loaded_item2vec_model()
    {
        var model = BundleForge.Server.Models.ServingModel.Load(TestData.WriteModel(item2vec: true, bundles: true), TestData.Pseudonymizer);
        var recommender = Assert.Single(model.Components.OfType<BundleForge.Server.Components.Item2VecRecommender>());
        Assert.Contains(model.Components, c => c is BundleForge.Server.Components.BundlesComponent);
        // Every consumer of this load asks the same reader, which made the model once.
        Assert.Same(recommender.Model, BundleForge.Embeddings.Item2VecModel.Load(model.Reader));
    }
}
