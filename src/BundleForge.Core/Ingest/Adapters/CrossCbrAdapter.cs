using BundleForge.Ingest.Sources;
using BundleForge.Ingest.Store;

namespace BundleForge.Ingest.Adapters;

/// <summary>The CrossCBR bundle-recommendation folder: <c>user_item.txt</c>, <c>bundle_item.txt</c> and
/// <c>user_bundle_{train,tune,test}.txt</c>, whitespace-separated integer pairs. The test file is optional: public
/// copies often withhold it so that everything is chosen on <c>tune</c>, and evaluation then runs on tune.</summary>
public sealed class CrossCbrAdapter : IFormatAdapter
{
    public static readonly string[] RequiredFiles = ["user_item.txt", "bundle_item.txt", "user_bundle_train.txt", "user_bundle_tune.txt"];

    /// <summary>The held-out split, read when present.</summary>
    public const string TestFile = "user_bundle_test.txt";

    public bool HasRealTime => false;

    public static bool Recognises(string path) => Directory.Exists(path) && File.Exists(Path.Combine(path, "user_item.txt"));

    public void Stage(DuckDbSession db, LoadRequest request)
    {
        if (File.Exists(request.Path))
            throw new DataException("The crosscbr format is a folder holding user_item.txt, bundle_item.txt and user_bundle_*.txt.", request.Path);
        if (!Directory.Exists(request.Path))
            throw new DataException("Folder not found.", request.Path);
        foreach (var f in RequiredFiles)
            if (!File.Exists(Path.Combine(request.Path, f)))
                throw new DataException($"The crosscbr folder lacks {f}.", Path.Combine(request.Path, f));

        LoadPairs(db, Path.Combine(request.Path, "user_item.txt"), "ui");
        db.Execute($"""
            CREATE OR REPLACE TABLE staged AS
            SELECT line, a AS user_id, b AS item_id, line AS ts, 'ui' || CAST(line AS VARCHAR) AS order_id, 0::TINYINT AS event,
              1.0::DOUBLE AS quantity, NULL::DOUBLE AS price, NULL::VARCHAR AS title, false AS is_cancel, false AS non_product, bad
            FROM ui ORDER BY line
            """);
        LoadPairs(db, Path.Combine(request.Path, "bundle_item.txt"), "bi");
        db.Execute("CREATE OR REPLACE TABLE staged_bundles AS SELECT DISTINCT a AS bundle_id, b AS item_id FROM bi WHERE bad IS NULL");
        db.Execute("CREATE OR REPLACE TABLE staged_user_bundles (user_id VARCHAR, bundle_id VARCHAR, split VARCHAR)");
        foreach (var split in new[] { "train", "tune", "test" })
        {
            if (split == "test" && !File.Exists(Path.Combine(request.Path, TestFile)))
                continue;
            LoadPairs(db, Path.Combine(request.Path, $"user_bundle_{split}.txt"), "ub");
            db.Execute($"INSERT INTO staged_user_bundles SELECT a, b, '{split}' FROM ub WHERE bad IS NULL");
        }
        db.Execute("DROP TABLE ui; DROP TABLE bi; DROP TABLE ub;");
    }

    private static void LoadPairs(DuckDbSession db, string file, string table)
    {
        LineFormatAdapter.LoadLines(db, file, InputSniffer.Inspect(file));
        db.Execute($"""
            CREATE OR REPLACE TABLE {table} AS
            SELECT line, parts[1] AS a, parts[2] AS b,
              CASE WHEN len(parts) <> 2 OR NOT regexp_full_match(parts[1], '[0-9]+') OR NOT regexp_full_match(parts[2], '[0-9]+')
                   THEN 'pair' || chr(9) || 'expected two integer ids, got ''' || left(l, 60) || '''' END AS bad
            FROM (SELECT line, l, string_split(trim(regexp_replace(l, '\s+', ' ', 'g')), ' ') AS parts FROM lines WHERE trim(l) <> '');
            DROP TABLE lines;
            """);
        var firstBad = db.Scalar<long?>($"SELECT min(line) FROM {table} WHERE bad IS NOT NULL");
        if (firstBad is long line)
            throw new DataException(db.Scalar<string>($"SELECT split_part(bad, chr(9), 2) FROM {table} WHERE line = {line}"), file, line);
    }
}
