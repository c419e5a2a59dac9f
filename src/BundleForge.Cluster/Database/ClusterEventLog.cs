using BundleForge.Server.Events;
using Npgsql;
using NpgsqlTypes;

namespace BundleForge.Cluster.Database;

/// <summary>The cluster's event log and erasure registry in PostgreSQL (tables <c>bundleforge_events</c> and
/// <c>bundleforge_erasures</c>): what the single node keeps in its SQLite <see cref="EventStore"/>, shared by every node.
/// Only a customer's grain writes that customer's rows, so appends and erasures of one customer never interleave.</summary>
public sealed class ClusterEventLog(NpgsqlDataSource db) : IDisposable
{
    /// <summary>Opens the log on <paramref name="connectionString"/>.</summary>
    public static ClusterEventLog Open(string connectionString) => new(NpgsqlDataSource.Create(connectionString));

    /// <summary>Appends one user's events in one transaction; committed when this returns. An event whose event id the
    /// user already has is not stored again (false in the result).</summary>
    public async Task<bool[]> AppendAsync(string userKey, IReadOnlyList<StoredEvent> events, CancellationToken cancel)
    {
        var stored = new bool[events.Count];
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var conn = await db.OpenConnectionAsync(cancel);
        await using var tx = await conn.BeginTransactionAsync(cancel);
        await using var batch = new NpgsqlBatch(conn, tx);
        foreach (var e in events)
        {
            var cmd = new NpgsqlBatchCommand("""
                INSERT INTO bundleforge_events(user_key,type,item_id,offer_id,items,price,quantity,ts,received_ms,event_id) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
                ON CONFLICT (user_key, event_id) WHERE event_id IS NOT NULL DO NOTHING
                """);
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userKey });
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)e.Type });
            cmd.Parameters.Add(Text(e.ItemId));
            cmd.Parameters.Add(Text(e.OfferId));
            // Items are joined with a control character, which ids may not contain (as in the SQLite store).
            cmd.Parameters.Add(Text(e.Items is null ? null : string.Join(StoredEvent.ItemSeparator, e.Items)));
            cmd.Parameters.Add(Number(e.Price));
            cmd.Parameters.Add(Number(e.Quantity));
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.UnixSeconds });
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now });
            cmd.Parameters.Add(Text(e.EventId));
            batch.BatchCommands.Add(cmd);
        }
        await batch.ExecuteNonQueryAsync(cancel);
        for (int x = 0; x < events.Count; x++)
            stored[x] = batch.BatchCommands[x].RecordsAffected == 1;
        await tx.CommitAsync(cancel);
        return stored;
    }

    /// <summary>The user's latest <paramref name="limit"/> events, oldest first (a customer grain's start).</summary>
    public async Task<List<StoredEvent>> RecentOfAsync(string userKey, int limit, CancellationToken cancel)
    {
        var list = new List<StoredEvent>();
        await using var cmd = db.CreateCommand("SELECT user_key,type,item_id,offer_id,items,price,quantity,ts,event_id FROM bundleforge_events WHERE user_key = $1 ORDER BY seq DESC LIMIT $2");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userKey });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var r = await cmd.ExecuteReaderAsync(cancel);
        while (await r.ReadAsync(cancel))
            list.Add(StoredEvent.FromRow(r));
        list.Reverse();
        return list;
    }

    /// <summary>Deletes every event of a user; returns how many.</summary>
    public async Task<int> EraseUserAsync(string userKey, CancellationToken cancel)
    {
        await using var cmd = db.CreateCommand("DELETE FROM bundleforge_events WHERE user_key = $1");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userKey });
        return await cmd.ExecuteNonQueryAsync(cancel);
    }

    /// <summary>Adds a user's key to the erasure registry (idempotent), durably.</summary>
    public async Task RecordErasureAsync(string userKey, CancellationToken cancel)
    {
        await using var cmd = db.CreateCommand("INSERT INTO bundleforge_erasures(user_key, erased_ms) VALUES($1, $2) ON CONFLICT (user_key) DO NOTHING");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userKey });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
        await cmd.ExecuteNonQueryAsync(cancel);
    }

    /// <summary>The pseudonymous keys of every erased user (read when a model is loaded, so synchronous).</summary>
    public HashSet<string> ErasedKeys()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        using var cmd = db.CreateCommand("SELECT user_key FROM bundleforge_erasures");
        using var r = cmd.ExecuteReader();
        while (r.Read())
            keys.Add(r.GetString(0));
        return keys;
    }

    /// <summary>Number of stored events.</summary>
    public async Task<long> CountAsync(CancellationToken cancel)
    {
        await using var cmd = db.CreateCommand("SELECT count(*) FROM bundleforge_events");
        return (long)(await cmd.ExecuteScalarAsync(cancel))!;
    }

    /// <summary>Reads the erasure registry of a cluster database (for <c>bundleforge train --erasures "Host=..."</c>).</summary>
    public static HashSet<string> ReadErasedKeys(string connectionString)
    {
        try
        {
            using var log = Open(connectionString);
            return log.ErasedKeys();
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException)
        {
            throw new DataException($"Cannot read the cluster's erasure registry: {e.Message}", field: "--erasures");
        }
    }

    /// <summary>True when <paramref name="value"/> is a PostgreSQL connection string rather than a file path.</summary>
    public static bool IsConnectionString(string value) =>
        value.Contains("Host=", StringComparison.OrdinalIgnoreCase) || value.Contains("Server=", StringComparison.OrdinalIgnoreCase);

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Number(double? value) => new() { NpgsqlDbType = NpgsqlDbType.Double, Value = value is { } v ? v : DBNull.Value };

    public void Dispose() => db.Dispose();
}
