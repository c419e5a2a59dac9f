namespace BundleForge.Ingest.Adapters;

/// <summary>The canonical staging schema every adapter writes, before cleaning:
/// <c>staged(line BIGINT, user_id VARCHAR, item_id VARCHAR, ts BIGINT, order_id VARCHAR, event TINYINT,
/// quantity DOUBLE, price DOUBLE, title VARCHAR, is_cancel BOOLEAN, non_product BOOLEAN, bad VARCHAR)</c>.
/// <c>bad</c> is NULL for a well-formed row, else <c>field</c> TAB <c>reason</c>; <c>line</c> is the 1-based line
/// of the input file (the row number for Parquet).</summary>
public static class StagedTable
{
    public const string Columns = "line, user_id, item_id, ts, order_id, event, quantity, price, title, is_cancel, non_product, bad";

    /// <summary>SQL turning a text timestamp (ISO-8601 or Unix seconds) into Unix seconds, NULL when unparsable.</summary>
    public static string TimestampSql(string column) =>
        $"coalesce(CAST(epoch(TRY_CAST({column} AS TIMESTAMPTZ)) AS BIGINT), TRY_CAST(TRY_CAST({column} AS DOUBLE) AS BIGINT))";

    /// <summary>SQL giving <c>field TAB reason</c> for the first invalid field of a row, or NULL.</summary>
    public static string BadSql(params (string Condition, string Field, string ReasonSql)[] checks)
    {
        var sb = new System.Text.StringBuilder("(CASE");
        foreach (var (cond, field, reason) in checks)
            sb.Append($" WHEN {cond} THEN '{field}' || chr(9) || {reason}");
        return sb.Append(" ELSE NULL END)").ToString();
    }

    /// <summary>SQL quoting a raw value for an error message, cut to 60 characters, control characters as spaces (a
    /// quoted CSV field may hold a line break, and the error must stay on one line).</summary>
    public static string Shown(string rawColumn) =>
        $"'''' || regexp_replace(left(coalesce({rawColumn}, ''), 60), '[[:cntrl:]]', ' ', 'g') || ''''";
}
