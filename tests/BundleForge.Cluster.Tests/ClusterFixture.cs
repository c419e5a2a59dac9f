using System.Net.Http.Json;
using System.Text.Json;
using BundleForge.Privacy;
using BundleForge.Tests.Hosting;
using Npgsql;

namespace BundleForge.Cluster.Tests;

/// <summary>PostgreSQL and the trained model, shared by the cluster tests (started on first use, stopped at the end).</summary>
public sealed class PostgresFixture : IDisposable
{
    private readonly Lazy<PostgresServer> _server = new(() => new PostgresServer());
    private readonly Lazy<string> _model = new(() => ShopModel.Train(Directory.CreateTempSubdirectory("bundleforge-cluster-").FullName));
    private readonly Lazy<(string Model, string Customer)> _bundles = new(() => ShopModel.TrainWithBundles(Directory.CreateTempSubdirectory("bundleforge-cluster-bundles-").FullName));

    public PostgresServer Server => _server.Value;

    public string Model => _model.Value;

    /// <summary>A model with the bundle engine (and so an offer-response learner), and a customer it knows.</summary>
    public (string Model, string Customer) BundleModel => _bundles.Value;

    public static Pseudonymizer Pseudonyms { get; } = new(System.Text.Encoding.UTF8.GetBytes(ClusterNode.Secret));

    public void Dispose()
    {
        if (_server.IsValueCreated)
            _server.Value.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "cluster";
}

/// <summary>Three nodes of one cluster on one database, each a separate process.</summary>
public sealed class ThreeNodes : IDisposable
{
    /// <summary>Starts nodes A, B and C; <paramref name="settingsOfA"/> are more <c>Cluster</c> settings for node A alone.</summary>
    public ThreeNodes(PostgresFixture pg, string database, string? model = null, params (string Name, string Value)[] settingsOfA)
    {
        ConnectionString = pg.Server.ConnectionString(database);
        Nodes = [];
        try
        {
            foreach (var name in new[] { "A", "B", "C" })
                Nodes.Add(ClusterNode.Start(name, model ?? pg.Model, ConnectionString, database, name == "A" ? settingsOfA : []));
            // A node that just joined may not know the others' grain types for a moment: wait until each takes an event.
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            foreach (var node in Nodes)
                WaitUntilAccepted(http, node);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private void WaitUntilAccepted(HttpClient http, CliProcess node)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var r = http.PostAsJsonAsync(new Uri(node.Url, "/v1/events"), new { user_id = "warm-" + node.Name, type = "view", item_id = "I00" }).GetAwaiter().GetResult();
                if (r.StatusCode == System.Net.HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (clock.Elapsed > TimeSpan.FromSeconds(90))
                throw new InvalidOperationException($"node {node.Name} takes no events\n{Logs()}");
            Thread.Sleep(200);
        }
    }

    public string ConnectionString { get; }
    public List<CliProcess> Nodes { get; }
    public CliProcess A => Nodes[0];
    public CliProcess B => Nodes[1];
    public CliProcess C => Nodes[2];

    public long Scalar(string sql, params object[] args)
    {
        using var db = new NpgsqlConnection(ConnectionString);
        db.Open();
        using var cmd = new NpgsqlCommand(sql, db);
        foreach (var a in args)
            cmd.Parameters.AddWithValue(a);
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<JsonElement> RecommendationsAsync(HttpClient http, CliProcess node, string user) =>
        await http.GetFromJsonAsync<JsonElement>(new Uri(node.Url, $"/v1/users/{user}/recommendations?k=3"));

    public string Logs() => string.Join("\n", Nodes.Select(n => $"--- node {n.Name}\n{n.Log}"));

    public void Dispose()
    {
        foreach (var n in Nodes)
            n.Dispose();
    }
}
