using Npgsql;

namespace BundleForge.Cluster.Database;

/// <summary>Prepares a PostgreSQL database for a cluster: Orleans' membership and grain-state tables with the named
/// queries its ADO.NET providers run, and BundleForge's event log and erasure registry (ClusterSchema.sql, idempotent).</summary>
public static class ClusterSchema
{
    /// <summary>The script, as shipped inside this assembly (docs/SCALE.md shows how to run it by hand).</summary>
    public static string Script()
    {
        using var stream = typeof(ClusterSchema).Assembly.GetManifestResourceStream("BundleForge.Cluster.Database.ClusterSchema.sql")
            ?? throw new InvalidOperationException("ClusterSchema.sql is not embedded in BundleForge.Cluster.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Creates what is missing; nodes starting together take an advisory lock so one of them does it. An
    /// unreachable or refusing database is a <see cref="DataException"/> naming the setting.</summary>
    public static void Apply(string connectionString)
    {
        try
        {
            using var db = new NpgsqlConnection(connectionString);
            db.Open();
            using var tx = db.BeginTransaction();
            using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(4242019)", db, tx))
                lockCmd.ExecuteNonQuery();
            using (var cmd = new NpgsqlCommand(Script(), db, tx))
                cmd.ExecuteNonQuery();
            tx.Commit();
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException)
        {
            throw new DataException($"Cannot prepare the cluster database: {e.Message}", field: "--cluster");
        }
    }
}
