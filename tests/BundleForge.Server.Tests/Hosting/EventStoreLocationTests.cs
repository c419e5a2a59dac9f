using System.Net;
using System.Net.Http.Json;
using BundleForge.Server.Events;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Tests.Hosting;

/// <summary>Where the event store lives when no path is configured (docs/SERVING.md, "Event store"): in the folder
/// <c>MODEL.events/</c> beside the model folder, never in the working folder.</summary>
public class EventStoreLocationTests
{
    [Fact]
    public async Task Serve_without_events_keeps_its_store_beside_the_model_folder_and_nothing_in_the_working_folder()
    {
        var model = TestData.WriteModel();
        var work = TestData.TempDir();
        using var http = new HttpClient();
        // Given with a trailing separator, as shells complete folder names.
        using (var server = ServerProcess.Serve(model + Path.DirectorySeparatorChar, null, work))
        {
            var r = await http.PostAsJsonAsync(new Uri(server.Url, "/v1/events"), new { user_id = "placed", type = "cart", item_id = "I10" });
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            server.KillHard();
        }
        Assert.Empty(Directory.GetFileSystemEntries(work));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(model)!, "events.db")));
        Assert.Empty(Directory.GetFiles(model, "events.db*", SearchOption.AllDirectories));
        var store = Path.Combine(model + ".events", "events.db");
        using var events = new EventStore(store);
        Assert.Equal("I10", Assert.Single(events.OfUser(TestData.Pseudonymizer.Key("placed"))).ItemId);
    }

    [Fact]
    public void The_default_path_is_beside_the_model_folder_and_an_earlier_store_is_kept()
    {
        var dir = TestData.TempDir();
        var model = Path.Combine(dir, "shop-model");
        var expected = Path.Combine(dir, "shop-model.events", "events.db");
        Assert.Equal(expected, EventsOptions.DefaultPathFor(model));
        Assert.Equal(expected, EventsOptions.DefaultPathFor(model + Path.DirectorySeparatorChar));
        // A deployment that ran an earlier version has events.db beside the model folder: its erasure list is kept.
        var earlier = Path.Combine(dir, "events.db");
        File.WriteAllText(earlier, "");
        Assert.Equal(earlier, EventsOptions.DefaultPathFor(model));
        // Once the new store exists it wins.
        Directory.CreateDirectory(Path.GetDirectoryName(expected)!);
        File.WriteAllText(expected, "");
        Assert.Equal(expected, EventsOptions.DefaultPathFor(model));
    }
}
