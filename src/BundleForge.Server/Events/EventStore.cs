using Microsoft.Data.Sqlite;

namespace BundleForge.Server.Events;

/// <summary>The durable event log: SQLite in WAL mode with <c>synchronous=FULL</c>, so an insert whose commit has
/// returned survives a kill -9 or power loss; <c>secure_delete</c> so an erased user's rows are overwritten, not just
/// unlinked. One connection, serialised: every write is a short transaction.</summary>
public sealed class EventStore : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly Lock _gate = new();

    public EventStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
            _db.Open();
            Execute("PRAGMA journal_mode=WAL;");
            Execute("PRAGMA synchronous=FULL;");
            Execute("PRAGMA secure_delete=ON;");
            Execute("PRAGMA busy_timeout=5000;");
            Execute("""
                CREATE TABLE IF NOT EXISTS events (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  user_key TEXT NOT NULL,
                  type INTEGER NOT NULL,
                  item_id TEXT,
                  offer_id TEXT,
                  items TEXT,
                  price REAL,
                  quantity REAL,
                  ts INTEGER NOT NULL,
                  received_ms INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS events_user ON events(user_key, seq);
                CREATE INDEX IF NOT EXISTS events_received ON events(received_ms);
                CREATE TABLE IF NOT EXISTS erasures (
                  user_key TEXT PRIMARY KEY,
                  erased_ms INTEGER NOT NULL) WITHOUT ROWID;
                """);
            // Stores written before event ids were kept get the column; old rows have none.
            if (!HasColumn("events", "event_id"))
                Execute("ALTER TABLE events ADD COLUMN event_id TEXT;");
            Execute("CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events(user_key, event_id) WHERE event_id IS NOT NULL;");
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot open the event store: {e.Message}", Path);
        }
    }

    public string Path { get; }

    /// <summary>Appends events in one transaction; when this returns they are on disk. An event whose event id the
    /// user already has (a client retrying) is not stored again: its entry of the result is false.</summary>
    public bool[] Append(IReadOnlyList<StoredEvent> events)
    {
        var stored = new bool[events.Count];
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            using var cmd = _db.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO events(user_key,type,item_id,offer_id,items,price,quantity,ts,received_ms,event_id) VALUES($u,$t,$i,$o,$is,$p,$q,$ts,$r,$e)
                ON CONFLICT(user_key, event_id) WHERE event_id IS NOT NULL DO NOTHING
                """;
            var u = cmd.Parameters.Add("$u", SqliteType.Text);
            var t = cmd.Parameters.Add("$t", SqliteType.Integer);
            var i = cmd.Parameters.Add("$i", SqliteType.Text);
            var o = cmd.Parameters.Add("$o", SqliteType.Text);
            var its = cmd.Parameters.Add("$is", SqliteType.Text);
            var p = cmd.Parameters.Add("$p", SqliteType.Real);
            var q = cmd.Parameters.Add("$q", SqliteType.Real);
            var ts = cmd.Parameters.Add("$ts", SqliteType.Integer);
            var r = cmd.Parameters.Add("$r", SqliteType.Integer);
            var id = cmd.Parameters.Add("$e", SqliteType.Text);
            cmd.Prepare();
            for (int x = 0; x < events.Count; x++)
            {
                var e = events[x];
                u.Value = e.UserKey;
                t.Value = (int)e.Type;
                i.Value = (object?)e.ItemId ?? DBNull.Value;
                o.Value = (object?)e.OfferId ?? DBNull.Value;
                // Items are joined with a control character, which ids may not contain.
                its.Value = e.Items is null ? DBNull.Value : string.Join(StoredEvent.ItemSeparator, e.Items);
                p.Value = e.Price is { } pv ? pv : DBNull.Value;
                q.Value = e.Quantity is { } qv ? qv : DBNull.Value;
                ts.Value = e.UnixSeconds;
                r.Value = now;
                id.Value = (object?)e.EventId ?? DBNull.Value;
                stored[x] = cmd.ExecuteNonQuery() == 1;
            }
            tx.Commit();
        }
        return stored;
    }

    /// <summary>Events received since <paramref name="sinceUnixMs"/>, oldest first (to rebuild sessions at start-up).</summary>
    public List<StoredEvent> ReceivedSince(long sinceUnixMs, int limit) =>
        Query("SELECT user_key,type,item_id,offer_id,items,price,quantity,ts,event_id FROM events WHERE received_ms >= $a ORDER BY seq DESC LIMIT $b", sinceUnixMs, limit, reverse: true);

    /// <summary>Every stored event of a user, oldest first.</summary>
    public List<StoredEvent> OfUser(string userKey) =>
        Query("SELECT user_key,type,item_id,offer_id,items,price,quantity,ts,event_id FROM events WHERE user_key = $a ORDER BY seq", userKey, null, reverse: false);

    /// <summary>Number of stored events.</summary>
    public long Count()
    {
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM events";
            return (long)cmd.ExecuteScalar()!;
        }
    }

    /// <summary>Adds a user's pseudonymous key to the erasure list (idempotent), durably: every model loaded from now
    /// on is cleaned of the user, and <c>bundleforge train --erasures</c> leaves them out of retraining.</summary>
    public void RecordErasure(string userKey)
    {
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "INSERT OR IGNORE INTO erasures(user_key, erased_ms) VALUES($u, $t)";
            cmd.Parameters.AddWithValue("$u", userKey);
            cmd.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>The pseudonymous keys of every erased user.</summary>
    public HashSet<string> ErasedKeys()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT user_key FROM erasures";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                keys.Add(r.GetString(0));
        }
        return keys;
    }

    /// <summary>Reads the erasure list of an existing event store file (for <c>bundleforge train --erasures</c>); the
    /// server may be running on it (WAL readers do not block it).</summary>
    public static HashSet<string> ReadErasedKeys(string path)
    {
        if (!File.Exists(path))
            throw new DataException("The event store file does not exist.", path, field: "--erasures");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString());
            db.Open();
            using var tables = db.CreateCommand();
            tables.CommandText = "SELECT group_concat(name) FROM sqlite_master WHERE type='table' AND name IN ('events','erasures')";
            var found = tables.ExecuteScalar() as string ?? "";
            if (!found.Contains("events", StringComparison.Ordinal))
                throw new DataException("Not a BundleForge event store (no events table).", path, field: "--erasures");
            if (!found.Contains("erasures", StringComparison.Ordinal))
                return keys; // written before erasures were remembered
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT user_key FROM erasures";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                keys.Add(r.GetString(0));
        }
        catch (SqliteException e) { throw new DataException($"Cannot read the event store: {e.Message}", path, field: "--erasures"); }
        return keys;
    }

    /// <summary>Deletes every event of a user and checkpoints the WAL so no copy of the rows stays in the log.</summary>
    public int EraseUser(string userKey)
    {
        lock (_gate)
        {
            int n;
            using (var cmd = _db.CreateCommand())
            {
                cmd.CommandText = "DELETE FROM events WHERE user_key = $u";
                cmd.Parameters.AddWithValue("$u", userKey);
                n = cmd.ExecuteNonQuery();
            }
            Execute("PRAGMA wal_checkpoint(TRUNCATE);");
            return n;
        }
    }

    private List<StoredEvent> Query(string sql, object a, object? b, bool reverse)
    {
        var list = new List<StoredEvent>();
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = sql;
            cmd.Parameters.AddWithValue("$a", a);
            if (b is not null)
                cmd.Parameters.AddWithValue("$b", b);
            using var r = cmd.ExecuteReader();
            while (r.Read())
                list.Add(StoredEvent.FromRow(r));
        }
        if (reverse)
            list.Reverse();
        return list;
    }

    private bool HasColumn(string table, string column)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = $c";
        cmd.Parameters.AddWithValue("$c", column);
        return (long)cmd.ExecuteScalar()! > 0;
    }

    private void Execute(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_gate)
            _db.Dispose();
    }
}
