using BundleForge.Data;
using BundleForge.Ingest.Sources;
using BundleForge.Ingest.Store;

namespace BundleForge.Ingest.Cleaning;

/// <summary>Cleans the <c>staged</c> table into <c>clean</c> inside DuckDB, attributing every removed row to exactly
/// one reason (the first that applies, in the order below) so that the report adds up.</summary>
public static class Cleaner
{
    public static CleaningReport Run(DuckDbSession db, LoadRequest request, IProgress<ProgressUpdate>? progress = null)
    {
        var report = new CleaningReport();
        var (rejected, rejectLine, rejectError) = CsvSource.Rejects(db);
        // 1. Row-level reasons in one pass over the (possibly lazy) staged rows; the first reason that applies wins,
        // so every removed row is counted once.
        string max = request.MaxQuantity.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string cancelReason = request.Format == DataFormat.OnlineRetail ? "cancellation" : "return";
        db.Execute($"""
            CREATE OR REPLACE TABLE work AS
            SELECT *, CASE
                WHEN bad IS NOT NULL THEN 'malformed_' || lower(split_part(bad, chr(9), 1))
                WHEN non_product THEN 'non_product'
                WHEN is_cancel THEN '{cancelReason}'
                WHEN quantity <= 0 THEN 'nonpositive_quantity'
                WHEN price IS NOT NULL AND price <= 0 THEN 'nonpositive_price'
                WHEN quantity > {max} THEN 'quantity_outlier'
              END AS reason
            FROM staged
            """);
        report.RowsRead = db.Scalar<long>("SELECT count(*) FROM work") + rejected;
        report.UsersRead = db.Scalar<long>("SELECT count(DISTINCT user_id) FROM work");
        report.AddRemoved("malformed_row", rejected);
        if (rejected > 0)
            report.Notes.Add($"{rejected} line(s) could not be split into fields, first at line {rejectLine}: {rejectError}");

        // Under --strict the first malformed row is an error naming its line and field.
        if (request.Strict)
        {
            var first = db.Scalar<long?>("SELECT min(line) FROM work WHERE bad IS NOT NULL");
            if (first is long line)
            {
                var bad = db.Scalar<string>($"SELECT bad FROM work WHERE line = {line} AND bad IS NOT NULL LIMIT 1");
                var parts = bad.Split('\t', 2);
                throw new DataException(parts[1], request.Path, line, parts[0]);
            }
        }
        progress?.Report(new("cleaning", 0.2, "row checks"));

        // 2. Cancellations and returns take out the purchases they cancel where those can be matched.
        MatchCancellations(db);
        db.Execute("UPDATE work SET reason = 'cancelled_purchase' WHERE line IN (SELECT line FROM cancelled_lines); DROP TABLE cancelled_lines;");
        using (var r = db.Reader("SELECT reason, count(*) FROM work WHERE reason IS NOT NULL GROUP BY 1 ORDER BY 1"))
            while (r.Read())
                report.AddRemoved(r.GetString(0), r.GetInt64(1));
        progress?.Report(new("cleaning", 0.5, "cancellations"));

        // 3. Exact duplicates keep their first line; the same item repeated in one order becomes one line with the
        // summed quantity (the rows folded away are counted as merged).
        long valid = db.Scalar<long>("SELECT count(*) FROM work WHERE reason IS NULL");
        // Both steps in one statement (hash aggregates, no window); `folded` counts the distinct rows each merged line
        // absorbs, so the duplicates are the valid rows minus their sum.
        db.Execute("""
            CREATE OR REPLACE TABLE merged AS
            SELECT min(line) AS line, any_value(user_id) AS user_id, item_id, min(ts) AS ts, order_id, event, sum(quantity) AS quantity,
                   CASE WHEN sum(quantity) > 0 THEN sum(price * quantity) / sum(quantity) END AS price, any_value(title) AS title,
                   count(*) AS folded
            FROM (SELECT min(line) AS line, user_id, item_id, ts, order_id, event, quantity, price, title
                  FROM work WHERE reason IS NULL GROUP BY ALL)
            GROUP BY coalesce(order_id, 'line:' || CAST(line AS VARCHAR)), order_id, item_id, event;
            DROP TABLE work;
            """);
        long unique = db.Scalar<long>("SELECT CAST(coalesce(sum(folded), 0) AS BIGINT) FROM merged");
        report.AddRemoved("duplicate", valid - unique);
        report.AddRemoved("merged_repeat_in_order", unique - db.Scalar<long>("SELECT count(*) FROM merged"));
        db.Execute("ALTER TABLE merged DROP COLUMN folded; ALTER TABLE merged RENAME TO work;");
        progress?.Report(new("cleaning", 0.8, "duplicates"));

        // 4. Optional k-core: repeat until stable, since dropping items can push users under the bar and back.
        if (request.MinUserInteractions > 0 || request.MinItemInteractions > 0)
        {
            for (int round = 0; round < 50; round++)
            {
                long before = db.Scalar<long>("SELECT count(*) FROM work");
                if (request.MinItemInteractions > 0)
                    Remove(db, report, "k_core", $"item_id IN (SELECT item_id FROM work WHERE event = 0 GROUP BY item_id HAVING count(*) < {request.MinItemInteractions})");
                if (request.MinUserInteractions > 0)
                    Remove(db, report, "k_core", $"user_id IS NULL OR user_id IN (SELECT user_id FROM work WHERE event = 0 GROUP BY user_id HAVING count(*) < {request.MinUserInteractions})");
                if (db.Scalar<long>("SELECT count(*) FROM work") == before)
                    break;
            }
        }

        db.Execute("ALTER TABLE work RENAME TO clean");
        report.RowsKept = db.Scalar<long>("SELECT count(*) FROM clean");
        report.AddChanged("anonymous_kept_for_mining_only", db.Scalar<long>("SELECT count(*) FROM clean WHERE user_id IS NULL"));
        if (report.RowsRead != report.RowsKept + report.RemovedTotal)
            throw new InvalidOperationException($"Cleaning report does not add up: {report.RowsRead} read, {report.RowsKept} kept, {report.RemovedTotal} removed.");
        progress?.Report(new("cleaning", 1.0, $"{report.RowsKept:N0} rows kept"));
        return report;
    }

    private static void Remove(DuckDbSession db, CleaningReport report, string reason, string condition) =>
        Removed(db, report, reason, $"CREATE OR REPLACE TABLE work AS SELECT * FROM work WHERE NOT coalesce(({condition}), false)");

    private static void Removed(DuckDbSession db, CleaningReport report, string reason, string sql)
    {
        long before = db.Scalar<long>("SELECT count(*) FROM work");
        db.Execute(sql);
        report.AddRemoved(reason, before - db.Scalar<long>("SELECT count(*) FROM work"));
    }

    /// <summary>Pairs each cancellation with the latest earlier purchase of the same customer, item and quantity not
    /// already cancelled (greedy in time order); the result goes to <c>cancelled_lines</c>.</summary>
    private static void MatchCancellations(DuckDbSession db)
    {
        db.Execute("CREATE OR REPLACE TABLE cancelled_lines (line BIGINT)");
        var matched = new HashSet<long>();
        var done = new HashSet<long>();
        using (var r = db.Reader("""
            SELECT c.line, p.line FROM work c JOIN work p
              ON c.user_id = p.user_id AND c.item_id = p.item_id AND p.quantity = -c.quantity AND p.ts <= c.ts
            WHERE c.reason IN ('cancellation', 'return') AND (p.reason IS NULL OR p.reason = 'quantity_outlier')
            ORDER BY c.ts, c.line, p.ts DESC, p.line DESC
            """))
        {
            while (r.Read())
            {
                long cancel = r.GetInt64(0), purchase = r.GetInt64(1);
                if (done.Contains(cancel) || matched.Contains(purchase))
                    continue;
                done.Add(cancel);
                matched.Add(purchase);
            }
        }
        using var appender = db.Connection.CreateAppender("cancelled_lines");
        foreach (var line in matched)
            appender.CreateRow().AppendValue(line).EndRow();
    }
}
