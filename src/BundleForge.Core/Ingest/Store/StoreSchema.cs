using System.Globalization;
using BundleForge.Data;

namespace BundleForge.Ingest.Store;

/// <summary>The tables of a BundleForge DuckDB store, built from <c>clean</c> and <c>staged_items</c>: dense ids in
/// <c>items</c>, <c>users</c>, <c>orders</c>, <c>interactions</c>, optional <c>bundles</c>/<c>user_bundles</c>,
/// and the cleaning report in <c>cleaning_report</c> and <c>meta</c>.</summary>
public static class StoreSchema
{
    public const int Version = 1;

    public static void Build(DuckDbSession db, CleaningReport report, string format, bool hasRealTime, double assumedMargin)
    {
        bool hasBundles = TableExists(db, "staged_bundles");
        string margin = assumedMargin.ToString(CultureInfo.InvariantCulture);
        string numericFirst(string col) => $"TRY_CAST({col} AS BIGINT) NULLS LAST, {col}";
        db.Execute($"""
            CREATE OR REPLACE TABLE items AS
            WITH obs AS (
              SELECT item_id, mode(title) AS title, median(price) FILTER (WHERE event = 0) AS paid, median(price) AS any_paid FROM clean GROUP BY item_id),
            ids AS (SELECT item_id FROM clean UNION SELECT item_id FROM staged_items {(hasBundles ? "UNION SELECT item_id FROM staged_bundles" : "")}),
            j AS (
              SELECT ids.item_id, coalesce(c.title, o.title) AS title, c.category, c.brand,
                coalesce(c.price, o.paid, o.any_paid) AS price, c.cost AS given_cost, coalesce(c.stock, -1) AS stock
              FROM ids LEFT JOIN staged_items c ON c.item_id = ids.item_id LEFT JOIN obs o ON o.item_id = ids.item_id)
            SELECT (row_number() OVER (ORDER BY {numericFirst("item_id")}) - 1)::INTEGER AS item_idx, item_id, title, category, brand,
              price, coalesce(given_cost, price * (1 - {margin})) AS cost, (given_cost IS NULL AND price IS NOT NULL) AS cost_assumed, stock::INTEGER AS stock
            FROM j ORDER BY item_idx;
            """);
        db.Execute($"""
            CREATE OR REPLACE TABLE users AS
            SELECT (row_number() OVER (ORDER BY {numericFirst("user_id")}) - 1)::INTEGER AS user_idx, user_id
            FROM (SELECT DISTINCT user_id FROM clean WHERE user_id IS NOT NULL {(hasBundles ? "UNION SELECT user_id FROM staged_user_bundles" : "")})
            ORDER BY user_idx;
            """);
        db.Execute($"""
            CREATE OR REPLACE TABLE clean_keyed AS
            SELECT *, CASE WHEN event <> 0 THEN NULL WHEN order_id IS NOT NULL THEN 'o:' || order_id
                           WHEN user_id IS NOT NULL THEN 'u:' || user_id || '@' || CAST(ts AS VARCHAR) ELSE 'r:' || CAST(line AS VARCHAR) END AS okey
            FROM clean;
            """);
        db.Execute($"""
            CREATE OR REPLACE TABLE orders AS
            SELECT (row_number() OVER (ORDER BY ts, okey) - 1)::INTEGER AS order_idx, okey AS order_key, ts, user_idx
            FROM (SELECT okey, min(ts) AS ts, coalesce(min(u.user_idx), -1)::INTEGER AS user_idx
                  FROM clean_keyed k LEFT JOIN users u ON u.user_id = k.user_id WHERE okey IS NOT NULL GROUP BY okey)
            ORDER BY order_idx;
            """);
        db.Execute($"""
            CREATE OR REPLACE TABLE interactions AS
            SELECT coalesce(u.user_idx, -1)::INTEGER AS user_idx, i.item_idx, k.ts, coalesce(o.order_idx, -1)::INTEGER AS order_idx,
                   k.event, k.quantity, k.price
            FROM clean_keyed k JOIN items i ON i.item_id = k.item_id LEFT JOIN users u ON u.user_id = k.user_id
            LEFT JOIN orders o ON o.order_key = k.okey
            ORDER BY user_idx, k.ts, order_idx, i.item_idx;
            DROP TABLE clean_keyed;
            """);
        if (hasBundles)
        {
            db.Execute($"""
                CREATE OR REPLACE TABLE bundles AS
                SELECT (dense_rank() OVER (ORDER BY {numericFirst("b.bundle_id")}) - 1)::INTEGER AS bundle_idx, b.bundle_id, i.item_idx
                FROM (SELECT bundle_id, item_id FROM staged_bundles UNION SELECT bundle_id, NULL FROM staged_user_bundles WHERE bundle_id NOT IN (SELECT bundle_id FROM staged_bundles)) b
                LEFT JOIN items i ON i.item_id = b.item_id ORDER BY bundle_idx, i.item_idx;
                CREATE OR REPLACE TABLE user_bundles AS
                SELECT u.user_idx, bi.bundle_idx, s.split FROM staged_user_bundles s JOIN users u ON u.user_id = s.user_id
                JOIN (SELECT DISTINCT bundle_idx, bundle_id FROM bundles) bi ON bi.bundle_id = s.bundle_id;
                """);
        }
        db.Execute("CREATE OR REPLACE TABLE cleaning_report (kind VARCHAR, reason VARCHAR, rows BIGINT)");
        using (var a = db.Connection.CreateAppender("cleaning_report"))
        {
            foreach (var (k, v) in report.Removed)
                a.CreateRow().AppendValue("removed").AppendValue(k).AppendValue(v).EndRow();
            foreach (var (k, v) in report.Changed)
                a.CreateRow().AppendValue("changed").AppendValue(k).AppendValue(v).EndRow();
        }
        bool anyAssumed = db.Scalar<long>("SELECT count(*) FROM items WHERE cost_assumed") > 0;
        if (anyAssumed)
            report.Notes.Add($"Costs are assumed at a {assumedMargin * 100:0.#}% margin where the catalog gives none.");
        db.Execute("CREATE OR REPLACE TABLE meta (key VARCHAR, value VARCHAR)");
        using (var a = db.Connection.CreateAppender("meta"))
        {
            void Put(string k, string v) => a.CreateRow().AppendValue(k).AppendValue(v).EndRow();
            Put("store_version", Version.ToString(CultureInfo.InvariantCulture));
            Put("format", format);
            Put("has_real_time", hasRealTime ? "true" : "false");
            Put("rows_read", report.RowsRead.ToString(CultureInfo.InvariantCulture));
            Put("rows_kept", report.RowsKept.ToString(CultureInfo.InvariantCulture));
            Put("users_read", report.UsersRead.ToString(CultureInfo.InvariantCulture));
            foreach (var note in report.Notes)
                Put("note", note);
        }
    }

    public static bool TableExists(DuckDbSession db, string table) =>
        db.Scalar<long>($"SELECT count(*) FROM duckdb_tables() WHERE table_name = {DuckDbSession.Literal(table)}") > 0;
}
