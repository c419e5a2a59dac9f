using BundleForge.Cluster.Database;
using BundleForge.Cluster.Grains;
using BundleForge.Data;
using BundleForge.Server.Events;
using BundleForge.Server.Serving;
using Npgsql;

namespace BundleForge.Cluster;

/// <summary>Cluster mode's <see cref="ICustomerEvents"/>: each customer's events go to their grain (which commits them
/// to PostgreSQL before answering), sessions are read from the grain on whichever silo holds it, erasures go through
/// the registry grain.</summary>
public sealed class ClusterCustomerEvents(IGrainFactory grains, ClusterEventLog log, CustomerActivations activations, string connectionString) : ICustomerEvents
{
    public async ValueTask<bool[]> RecordAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancel)
    {
        // One call per customer of the batch, in the batch's order within each customer.
        var byUser = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int x = 0; x < events.Count; x++)
        {
            if (!byUser.TryGetValue(events[x].UserKey, out var positions))
                byUser[events[x].UserKey] = positions = [];
            positions.Add(x);
        }
        var calls = new List<(List<int> Positions, Task<bool[]> Result)>(byUser.Count);
        foreach (var (user, positions) in byUser)
        {
            var batch = new CustomerEvent[positions.Count];
            for (int i = 0; i < batch.Length; i++)
                batch[i] = CustomerEvent.From(events[positions[i]]);
            calls.Add((positions, grains.GetGrain<ICustomerGrain>(user).Record(batch)));
        }
        await Task.WhenAll(calls.Select(c => c.Result));
        var stored = new bool[events.Count];
        foreach (var (positions, result) in calls)
        {
            var flags = result.Result;
            for (int i = 0; i < positions.Count; i++)
                stored[positions[i]] = flags[i];
        }
        return stored;
    }

    public async ValueTask<SessionEvent[]> SessionOfAsync(string userKey, ItemCatalog catalog, CancellationToken cancel)
    {
        var entries = await grains.GetGrain<ICustomerGrain>(userKey).Session();
        if (entries.Length == 0)
            return [];
        var raw = new (string Item, EventType Type, long Time)[entries.Length];
        for (int i = 0; i < entries.Length; i++)
            raw[i] = (entries[i].Item, (EventType)entries[i].Type, entries[i].UnixSeconds);
        return SessionTracker.Dense(raw, catalog);
    }

    public async ValueTask<(int EventsDeleted, bool SessionRemoved)> EraseAsync(string userKey, CancellationToken cancel) =>
        await grains.GetGrain<IErasureRegistryGrain>(0).Erase(userKey);

    public IReadOnlySet<string> ErasedKeys() => log.ErasedKeys();

    public int LiveSessions => activations.Count;

    public string Location
    {
        get
        {
            // Never the password: this goes to the log.
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL {b.Host}:{b.Port}/{b.Database} (cluster)";
        }
    }
}
