using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BundleForge.Server.Events;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BundleForge.Server.Tests.Api;

/// <summary>An optional <c>event_id</c> makes retries safe: the store keeps each id once per user, through HTTP and
/// across restarts, and a retried event is acknowledged without counting twice.</summary>
public class EventIdTests
{
    private static async Task<JsonElement> Post(TestHost h, object body)
    {
        var r = await h.Client.PostAsJsonAsync("/v1/events", body);
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task A_retried_event_is_acknowledged_but_stored_once_also_after_a_restart()
    {
        var dir = TestData.WriteModel();
        var key = TestData.Pseudonymizer.Key("retrier");
        var cart = new { user_id = "retrier", type = "cart", item_id = "I10", event_id = "evt-1" };
        await using (var h = await TestHost.StartAsync(dir))
        {
            var first = await Post(h, cart);
            Assert.Equal(1, first.GetProperty("accepted").GetInt32());
            Assert.Equal(0, first.GetProperty("duplicates").GetInt32());
            var retry = await Post(h, cart);
            Assert.Equal(1, retry.GetProperty("accepted").GetInt32());
            Assert.Equal(1, retry.GetProperty("duplicates").GetInt32());
            // In one batch: the same id twice, and the same id for another user (ids are per user).
            var batch = await Post(h, new object[]
            {
                new { user_id = "retrier", type = "view", item_id = "I11", event_id = "evt-2" },
                new { user_id = "retrier", type = "view", item_id = "I11", event_id = "evt-2" },
                new { user_id = "someone-else", type = "cart", item_id = "I10", event_id = "evt-1" },
                new { user_id = "retrier", type = "view", item_id = "I12" },
            });
            Assert.Equal(4, batch.GetProperty("accepted").GetInt32());
            Assert.Equal(1, batch.GetProperty("duplicates").GetInt32());
            var stored = h.App.Services.GetRequiredService<EventStore>().OfUser(key);
            Assert.Equal(["evt-1", "evt-2", null], stored.Select(e => e.EventId));
        }
        await using (var restarted = await TestHost.StartAsync(dir))
        {
            var again = await Post(restarted, cart);
            Assert.Equal(1, again.GetProperty("duplicates").GetInt32());
            Assert.Equal(3, restarted.App.Services.GetRequiredService<EventStore>().OfUser(key).Count);
            Assert.Equal(4, restarted.App.Services.GetRequiredService<EventStore>().Count());
        }
    }

    [Fact]
    public async Task A_bad_event_id_is_400_naming_it()
    {
        await using var h = await TestHost.StartAsync();
        var r = await h.Client.PostAsJsonAsync("/v1/events", new object[] { new { user_id = "u", type = "view", item_id = "I00" }, new { user_id = "u", type = "view", item_id = "I00", event_id = "a/b" } });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("events[1].event_id may not contain", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public void A_store_written_before_event_ids_is_upgraded_in_place()
    {
        var path = Path.Combine(TestData.TempDir(), "old-events.db");
        using (var db = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, user_key TEXT NOT NULL, type INTEGER NOT NULL, item_id TEXT, offer_id TEXT,
                  items TEXT, price REAL, quantity REAL, ts INTEGER NOT NULL, received_ms INTEGER NOT NULL);
                INSERT INTO events(user_key,type,item_id,ts,received_ms) VALUES('k', 1, 'I00', 1700000000, 1700000000000);
                """;
            cmd.ExecuteNonQuery();
        }
        using var store = new EventStore(path);
        var old = Assert.Single(store.OfUser("k"));
        Assert.Null(old.EventId);
        var e = new StoredEvent("k", Serving.EventType.View, "I01", null, null, null, null, 1_700_000_100, "x1");
        Assert.Equal([true, false], store.Append([e, e]));
        Assert.Equal([false], store.Append([e]));
        Assert.Equal(2, store.Count());
    }
}
