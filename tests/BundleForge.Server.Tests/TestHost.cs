using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace BundleForge.Server.Tests;

/// <summary>The real server application on an in-memory test server (or on Kestrel with <c>realSocket</c>).</summary>
internal sealed class TestHost : IAsyncDisposable
{
    public const string AdminKey = "admin-key-for-tests-0123456789";

    private TestHost(WebApplication app, HttpClient client, string modelDir, string eventsPath)
    {
        App = app;
        Client = client;
        ModelDir = modelDir;
        EventsPath = eventsPath;
    }

    public WebApplication App { get; }
    public HttpClient Client { get; }
    public string ModelDir { get; }
    public string EventsPath { get; }

    public static Task<TestHost> StartAsync(string? modelDir = null, bool realSocket = false, params string[] settings) =>
        StartAsync(modelDir, null, realSocket, settings);

    /// <summary>Starts the server with the given component factories instead of <see cref="Models.ServingComponents.All"/>.</summary>
    public static Task<TestHost> StartAsync(string? modelDir, IReadOnlyList<Serving.IServingComponentFactory>? components, bool realSocket, params string[] settings) =>
        StartAsync(modelDir, components, realSocket, null, settings);

    /// <summary>Starts the server with <paramref name="logs"/> receiving its log entries as well.</summary>
    public static async Task<TestHost> StartAsync(string? modelDir, IReadOnlyList<Serving.IServingComponentFactory>? components, bool realSocket, LogCapture? logs, params string[] settings)
    {
        modelDir ??= TestData.WriteModel();
        var events = Path.Combine(Path.GetDirectoryName(modelDir)!, "events.db");
        var args = new List<string> { "--RateLimit:PermitsPerSecond=0" };
        if (!settings.Any(s => s.StartsWith("--Admin:ApiKey", StringComparison.Ordinal)))
            args.Add($"--Admin:ApiKey={AdminKey}");
        args.AddRange(settings);
        // The same composition root and start as `bundleforge serve`.
        var app = await BundleForgeServer.StartAsync(args.ToArray(), new ServerOptions
        {
            ModelDirectory = modelDir,
            EventStorePath = events,
            Pseudonymizer = TestData.Pseudonymizer,
            Components = components,
            Urls = realSocket ? "http://127.0.0.1:0" : null,
            ConfigureBuilder = b =>
            {
                if (!realSocket)
                    b.WebHost.UseTestServer();
                if (logs is not null)
                    b.Logging.AddProvider(logs);
            },
        });
        var client = realSocket ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) } : app.GetTestClient();
        return new TestHost(app, client, modelDir, events);
    }

    public async Task<JsonElement> GetJson(string url)
    {
        var r = await Client.GetAsync(url);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{url}: {(int)r.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public async Task PostEvents(object body)
    {
        var r = await Client.PostAsJsonAsync("/v1/events", body);
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
    }

    public static string[] ItemIds(JsonElement response) =>
        response.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("item_id").GetString()!).ToArray();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
