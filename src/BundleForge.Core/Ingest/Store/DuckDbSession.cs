using System.Data.Common;
using DuckDB.NET.Data;

namespace BundleForge.Ingest.Store;

/// <summary>A DuckDB connection (in memory or a file) with the few operations the ingest pipeline needs, turning
/// DuckDB's errors about input files into <see cref="DataException"/>s that name the file.</summary>
public sealed class DuckDbSession : IDisposable
{
    private DuckDbSession(DuckDBConnection connection, string? file, string? spillFolder)
    {
        Connection = connection;
        File = file;
        _spillFolder = spillFolder;
    }

    private readonly string? _spillFolder;

    /// <summary>Share of the machine's memory DuckDB may hold before it spills to disk (its own default is 80%, which
    /// leaves too little for the arrays the pipeline builds beside it: at 10 M order lines the ingest peaked at 6.5 GB,
    /// growing about linearly, docs/SCALE.md "Training growth curve"). <c>BUNDLEFORGE_DUCKDB_MEMORY_LIMIT</c> (DuckDB's
    /// syntax, e.g. <c>8GB</c>) sets it outright.</summary>
    public const double MemoryShare = 0.5;

    public DuckDBConnection Connection { get; }
    /// <summary>The database file, or null in memory.</summary>
    public string? File { get; }

    public static DuckDbSession InMemory() => Open(null);

    public static DuckDbSession Open(string? file, bool readOnly = false)
    {
        var cs = file is null ? "Data Source=:memory:" : $"Data Source={file}{(readOnly ? ";ACCESS_MODE=READ_ONLY" : "")}";
        var c = new DuckDBConnection(cs);
        try
        { c.Open(); }
        catch (DuckDBException e)
        {
            c.Dispose();
            throw new DataException($"Cannot open the DuckDB database: {FirstLine(e.Message)}", file);
        }
        // An in-memory database spills to a folder of its own (deleted with the session); a file database beside its file.
        string? spill = file is null ? Path.Combine(Path.GetTempPath(), $"bundleforge-duckdb-{Environment.ProcessId}-{Guid.NewGuid():N}") : null;
        var session = new DuckDbSession(c, file, spill);
        session.Execute($"SET threads = {Math.Max(1, Environment.ProcessorCount)}");
        session.Execute("SET preserve_insertion_order = true");
        session.Execute($"SET memory_limit = {Literal(MemoryLimit())}");
        if (spill is not null)
            session.Execute($"SET temp_directory = {Literal(spill)}");
        return session;
    }

    private static string MemoryLimit()
    {
        if (Environment.GetEnvironmentVariable("BUNDLEFORGE_DUCKDB_MEMORY_LIMIT") is { Length: > 0 } configured)
            return configured;
        long total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return $"{Math.Max(256, (long)(total * MemoryShare / (1024 * 1024)))}MB";
    }

    /// <summary>Set BUNDLEFORGE_TRACE_SQL=1 to print each statement's time on stderr (finding slow cleaning steps).</summary>
    private static readonly bool Trace = Environment.GetEnvironmentVariable("BUNDLEFORGE_TRACE_SQL") == "1";

    private DbCommand? _running;
    private volatile bool _interrupted;

    /// <summary>Stops the session from another thread (a signal's cancellation): the statement running now is
    /// interrupted and fails, and every later one throws <see cref="OperationCanceledException"/> before it starts, so
    /// a long cleaning stops within a moment instead of at the end of its statement or its stage.</summary>
    public void Interrupt()
    {
        _interrupted = true;
        try
        { Volatile.Read(ref _running)?.Cancel(); }
        catch (ObjectDisposedException) { } // it finished meanwhile
    }

    /// <summary>A command for <paramref name="sql"/>, registered as the one <see cref="Interrupt"/> stops.</summary>
    private DbCommand Start(string sql)
    {
        if (_interrupted)
            throw new OperationCanceledException("The DuckDB session was interrupted.");
        var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        Volatile.Write(ref _running, cmd);
        return cmd;
    }

    private void Finish(DbCommand cmd)
    {
        Interlocked.CompareExchange(ref _running, null, cmd);
        cmd.Dispose();
    }

    public int Execute(string sql, string? inputFile = null)
    {
        var cmd = Start(sql);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        { return cmd.ExecuteNonQuery(); }
        catch (DuckDBException e) when (inputFile is not null && !_interrupted) { throw Translate(e, inputFile); }
        finally
        {
            Finish(cmd);
            if (Trace)
                System.Console.Error.WriteLine($"[sql {System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds,8:0.0} ms] {sql.Trim().Split('\n')[0]}");
        }
    }

    public T Scalar<T>(string sql, string? inputFile = null)
    {
        var cmd = Start(sql);
        try
        {
            var v = cmd.ExecuteScalar();
            if (v is null || v is DBNull)
                return default!;
            return (T)Convert.ChangeType(v, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (DuckDBException e) when (inputFile is not null && !_interrupted) { throw Translate(e, inputFile); }
        finally { Finish(cmd); }
    }

    public DbDataReader Reader(string sql)
    {
        if (_interrupted)
            throw new OperationCanceledException("The DuckDB session was interrupted.");
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteReader();
    }

    /// <summary>Drops a table or a view of that name, if there is one.</summary>
    public void DropIfExists(string name)
    {
        var lit = Literal(name);
        if (Scalar<long>($"SELECT count(*) FROM duckdb_views() WHERE view_name = {lit} AND NOT internal") > 0)
            Execute($"DROP VIEW {Ident(name)}");
        else if (Scalar<long>($"SELECT count(*) FROM duckdb_tables() WHERE table_name = {lit}") > 0)
            Execute($"DROP TABLE {Ident(name)}");
    }

    /// <summary>Quotes a value as a SQL string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''") + "'";

    /// <summary>Quotes an identifier (a column name from a user's header).</summary>
    public static string Ident(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>DuckDB's CSV errors carry the line and the reason; keep those, drop its internal advice.</summary>
    public static DataException Translate(DuckDBException e, string file)
    {
        var msg = e.Message;
        long? line = null;
        var m = System.Text.RegularExpressions.Regex.Match(msg, @"[Ll]ine:?\s*(\d+)");
        if (m.Success)
            line = long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var reason = FirstLine(msg.Replace("Invalid Input Error: ", "").Replace("Conversion Error: ", ""));
        if (msg.Contains("unicode", StringComparison.OrdinalIgnoreCase) || msg.Contains("UTF-8", StringComparison.OrdinalIgnoreCase))
            reason = "invalid UTF-8 in the file; save it as UTF-8";
        else if (msg.Contains("Maximum line size", StringComparison.OrdinalIgnoreCase))
            reason = "a line is too long (over the maximum line size); this is not a valid data file";
        else if (msg.Contains("Expected Number of Columns", StringComparison.OrdinalIgnoreCase) || msg.Contains("columns", StringComparison.OrdinalIgnoreCase) && msg.Contains("Expected", StringComparison.Ordinal))
            reason = "wrong number of fields on this line (check the delimiter and the quoting)";
        return new DataException(reason, file, line, inner: e);
    }

    private static string FirstLine(string s)
    {
        int i = s.IndexOf('\n');
        return (i < 0 ? s : s[..i]).Trim();
    }

    public void Dispose()
    {
        Connection.Dispose();
        if (_spillFolder is not null && Directory.Exists(_spillFolder))
        {
            try
            { Directory.Delete(_spillFolder, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }
}
