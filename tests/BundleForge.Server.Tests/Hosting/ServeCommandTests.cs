using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BundleForge.Server.Events;

namespace BundleForge.Server.Tests.Hosting;

public class ServeCommandTests
{
    /// <summary>The generated shop as a canonical CSV, so the CLI trains it through the real loader.</summary>
    private static string WriteCsv(string dir)
    {
        var d = TestData.Dataset();
        var sb = new StringBuilder("user_id,item_id,timestamp,order_id\n");
        for (int b = 0; b < d.Baskets.Count; b++)
            foreach (var i in d.Baskets[b])
                sb.Append(d.Users.Ids[d.Baskets.User[b]]).Append(',').Append(d.Items.Ids[i]).Append(',').Append(d.Baskets.Time[b]).Append(",o").Append(b).Append('\n');
        var path = Path.Combine(dir, "shop.csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public async Task Train_then_serve_and_an_acknowledged_event_survives_kill_9()
    {
        var dir = TestData.TempDir();
        var model = Path.Combine(dir, "model");
        var train = ServerProcess.Run("train", "--data", WriteCsv(dir), "--models", "baseline", "--out", model, "--json");
        Assert.True(train.Exit == 0, train.Stderr);
        var figures = JsonDocument.Parse(train.Stdout).RootElement.GetProperty("models").GetProperty("baseline");
        Assert.Equal(9, figures.GetProperty("items").GetInt32()); // only items that were ever bought reach the catalog
        Assert.Equal(11, figures.GetProperty("profiles").GetInt32());
        Assert.False(TestData.AnyFileContains(model, "user-3"));

        var events = Path.Combine(dir, "events.db");
        using var http = new HttpClient();
        using (var server = ServerProcess.Serve(model, events))
        {
            Assert.Equal("I01", (await http.GetFromJsonAsync<JsonElement>(new Uri(server.Url, "/v1/items/I00/frequently-bought-together")))
                .GetProperty("items")[0].GetProperty("item_id").GetString());
            var r = await http.PostAsJsonAsync(new Uri(server.Url, "/v1/events"), new { user_id = "durable", type = "cart", item_id = "I10" });
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            server.KillHard();
            Assert.NotEqual(0, server.Process.ExitCode);
        }
        using (var again = ServerProcess.Serve(model, events))
        {
            var recs = await http.GetFromJsonAsync<JsonElement>(new Uri(again.Url, "/v1/users/durable/recommendations?k=2"));
            Assert.True(recs.GetProperty("personalised").GetBoolean());
            Assert.Contains(recs.GetProperty("items")[0].GetProperty("item_id").GetString(), new[] { "I11", "I12" });
            again.KillHard();
        }
        using var store = new EventStore(events);
        var stored = Assert.Single(store.OfUser(TestData.Pseudonymizer.Key("durable")));
        Assert.Equal("I10", stored.ItemId);
        Assert.False(TestData.AnyFileContains(dir, "durable"));
    }

    [Fact]
    public void Serve_refuses_a_broken_model_at_start_up_with_exit_2()
    {
        var model = TestData.WriteModel();
        var file = Path.Combine(model, "baseline", "profiles.bin");
        File.AppendAllText(file, "tampered");
        var r = ServerProcess.Run("serve", "--model", model, "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, r.Exit);
        Assert.Contains("Checksum mismatch", r.Stderr);
        Assert.StartsWith("error:", r.Stderr.Trim());
        Assert.DoesNotContain("   at ", r.Stderr);

        var missing = ServerProcess.Run("serve", "--model", Path.Combine(TestData.TempDir(), "nope"));
        Assert.Equal(2, missing.Exit);
        Assert.Contains("Model folder not found", missing.Stderr);
    }
}
