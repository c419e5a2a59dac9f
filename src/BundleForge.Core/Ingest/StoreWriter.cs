using BundleForge.Data;
using BundleForge.Ingest.Sources;
using BundleForge.Ingest.Store;

namespace BundleForge.Ingest;

/// <summary>Writes a cleaned dataset into a DuckDB store file atomically: everything goes to a temporary file beside
/// the target, which replaces the target only after a checkpoint. An error or interruption leaves an existing store
/// exactly as it was.</summary>
public static class StoreWriter
{
    public static CleaningReport Import(LoadRequest request, string dbPath, IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        var target = Path.GetFullPath(dbPath);
        if (Directory.Exists(target))
            throw new DataException("This is a folder; --db needs a file path.", dbPath, field: "--db");
        var dir = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(dir))
            throw new DataException("The folder of the --db file does not exist.", dbPath, field: "--db");
        var tmp = Path.Combine(dir, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            try
            { using (File.Create(tmp)) { } File.Delete(tmp); }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            { throw new DataException($"Cannot write here: {e.Message}", dbPath, field: "--db"); }

            CleaningReport report;
            // Clean in memory (no compression or disk writes for the intermediate tables), then copy the final
            // tables into the temporary file in one go.
            using (var db = DuckDbSession.InMemory())
            {
                using var reg = cancel.Register(db.Interrupt);
                report = DatasetLoader.Stage(db, request, progress, out _);
                cancel.ThrowIfCancellationRequested();
                progress?.Report(new("writing store", double.NaN, Path.GetFileName(target)));
                db.Execute($"ATTACH {DuckDbSession.Literal(tmp)} AS store; COPY FROM DATABASE memory TO store; DETACH store;", dbPath);
            }
            cancel.ThrowIfCancellationRequested();
            // Test hook, only for BadInputTests.InterruptedImport_LeavesTheExistingStoreIntact and ImportStopTests: when
            // this variable names a marker file, the import creates it once the temporary store is complete and then waits
            // (a minute, or until cancelled) before the rename, so the test can kill or signal the process at a known
            // point of the write instead of after a lucky sleep.
            if (Environment.GetEnvironmentVariable("BUNDLEFORGE_TEST_PAUSE_BEFORE_RENAME") is { Length: > 0 } marker)
            {
                File.Create(marker).Dispose();
                cancel.WaitHandle.WaitOne(TimeSpan.FromMinutes(1));
                cancel.ThrowIfCancellationRequested();
            }
            File.Move(tmp, target, overwrite: true);
            return report;
        }
        finally
        {
            if (File.Exists(tmp))
                File.Delete(tmp);
            if (File.Exists(tmp + ".wal"))
                File.Delete(tmp + ".wal");
        }
    }
}
