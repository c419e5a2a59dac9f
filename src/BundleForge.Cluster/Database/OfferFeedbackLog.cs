using BundleForge.Cluster.Grains;
using BundleForge.Server.Events;
using Npgsql;
using NpgsqlTypes;

namespace BundleForge.Cluster.Database;

/// <summary>The shared learner's feedback log in PostgreSQL (table <c>bundleforge_offer_feedback</c>), per model
/// version in position order. Only a version's <see cref="OfferLearnerGrain"/> appends to it, so positions have one
/// writer and never interleave.</summary>
public sealed class OfferFeedbackLog(NpgsqlDataSource db) : IDisposable
{
    /// <summary>Opens the log on <paramref name="connectionString"/>.</summary>
    public static OfferFeedbackLog Open(string connectionString) => new(NpgsqlDataSource.Create(connectionString));

    /// <summary>Writes <paramref name="entries"/> at positions <paramref name="first"/>, <paramref name="first"/>+1, …
    /// of <paramref name="version"/>'s log in one transaction; committed when this returns.</summary>
    public async Task AppendAsync(string version, long first, IReadOnlyList<OfferFeedbackEntry> entries, CancellationToken cancel)
    {
        await using var conn = await db.OpenConnectionAsync(cancel);
        await using var tx = await conn.BeginTransactionAsync(cancel);
        await using var batch = new NpgsqlBatch(conn, tx);
        for (int x = 0; x < entries.Count; x++)
        {
            var e = entries[x];
            var cmd = new NpgsqlBatchCommand("INSERT INTO bundleforge_offer_feedback(model_version,seq,user_key,offer_id,items,price,outcome,ts) VALUES($1,$2,$3,$4,$5,$6,$7,$8)");
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = version });
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = first + x });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.UserKey });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.OfferId });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = string.Join(StoredEvent.ItemSeparator, e.Items) });
            cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = e.Price is { } p ? p : DBNull.Value });
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = e.Outcome });
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.UnixSeconds });
            batch.BatchCommands.Add(cmd);
        }
        await batch.ExecuteNonQueryAsync(cancel);
        await tx.CommitAsync(cancel);
    }

    /// <summary>The whole log of <paramref name="version"/> in position order (a learner grain's start).</summary>
    public async Task<List<OfferFeedbackEntry>> ReadAsync(string version, CancellationToken cancel)
    {
        var list = new List<OfferFeedbackEntry>();
        await using var cmd = db.CreateCommand("SELECT user_key,offer_id,items,price,outcome,ts FROM bundleforge_offer_feedback WHERE model_version = $1 ORDER BY seq");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = version });
        await using var r = await cmd.ExecuteReaderAsync(cancel);
        while (await r.ReadAsync(cancel))
        {
            string items = r.GetString(2);
            list.Add(new OfferFeedbackEntry
            {
                UserKey = r.GetString(0),
                OfferId = r.GetString(1),
                Items = items.Length == 0 ? [] : items.Split(StoredEvent.ItemSeparator),
                Price = r.IsDBNull(3) ? null : r.GetDouble(3),
                Outcome = r.GetInt32(4),
                UnixSeconds = r.GetInt64(5),
            });
        }
        return list;
    }

    /// <summary>Removes a user's key from the feedback of every version's log (erasure); returns how many rows. The rows
    /// stay, anonymous (items, price, outcome: what the single node's learner keeps of an erased user too), so the
    /// positions every node has applied stay valid.</summary>
    public async Task<int> EraseUserAsync(string userKey, CancellationToken cancel)
    {
        await using var cmd = db.CreateCommand("UPDATE bundleforge_offer_feedback SET user_key = '' WHERE user_key = $1");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userKey });
        return await cmd.ExecuteNonQueryAsync(cancel);
    }

    /// <summary>Number of rows of <paramref name="version"/>'s log.</summary>
    public async Task<long> CountAsync(string version, CancellationToken cancel)
    {
        await using var cmd = db.CreateCommand("SELECT count(*) FROM bundleforge_offer_feedback WHERE model_version = $1");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = version });
        return (long)(await cmd.ExecuteScalarAsync(cancel))!;
    }

    public void Dispose() => db.Dispose();
}
