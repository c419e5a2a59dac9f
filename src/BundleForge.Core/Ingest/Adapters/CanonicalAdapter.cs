using BundleForge.Ingest.Sources;
using BundleForge.Ingest.Store;
using static BundleForge.Ingest.Adapters.StagedTable;

namespace BundleForge.Ingest.Adapters;

/// <summary>The canonical interactions schema: <c>user_id, item_id, timestamp</c> and optional <c>order_id, event,
/// quantity, price</c> (CSV with ',', ';' or tab, optionally .gz, or Parquet). Negative quantities are returns.</summary>
public sealed class CanonicalAdapter : IFormatAdapter
{
    public bool HasRealTime => true;

    public static bool Recognises(InputSniffer sniff)
    {
        var cols = sniff.HeaderColumns;
        return CsvSource.Find(cols, "user_id") is not null && CsvSource.Find(cols, "item_id") is not null;
    }

    public void Stage(DuckDbSession db, LoadRequest request)
    {
        var sniff = InputSniffer.Inspect(request.Path);
        var cols = CsvSource.LoadRaw(db, request.Path, sniff, request.Strict);
        string Q(string c) => DuckDbSession.Ident(c);
        var user = Q(CsvSource.Require(cols, request.Path, "the customer", "user_id"));
        var item = Q(CsvSource.Require(cols, request.Path, "the product", "item_id"));
        var time = Q(CsvSource.Require(cols, request.Path, "ISO-8601 or Unix seconds", "timestamp"));
        var order = CsvSource.Find(cols, "order_id") is { } o ? Q(o) : "NULL::VARCHAR";
        var evt = CsvSource.Find(cols, "event") is { } e ? Q(e) : "NULL::VARCHAR";
        var qty = CsvSource.Find(cols, "quantity") is { } q ? Q(q) : "NULL::VARCHAR";
        var price = CsvSource.Find(cols, "price") is { } p ? Q(p) : "NULL::VARCHAR";
        db.Execute($"""
            CREATE OR REPLACE VIEW staged AS
            WITH t AS (
              SELECT {CsvSource.LineSql(sniff)} AS line,
                NULLIF(trim({user}), '') AS user_id,
                NULLIF(trim({item}), '') AS item_id,
                {TimestampSql(time)} AS ts, {time} AS ts_raw,
                NULLIF(trim({order}), '') AS order_id,
                CASE lower(trim(coalesce({evt}, ''))) WHEN '' THEN 0 WHEN 'purchase' THEN 0 WHEN 'cart' THEN 1 WHEN 'view' THEN 2 ELSE NULL END::TINYINT AS event, {evt} AS event_raw,
                CASE WHEN trim(coalesce({qty}, '')) = '' THEN 1.0 ELSE TRY_CAST(trim({qty}) AS DOUBLE) END AS quantity, {qty} AS qty_raw,
                CASE WHEN trim(coalesce({price}, '')) = '' THEN NULL ELSE TRY_CAST(trim({price}) AS DOUBLE) END AS price, {price} AS price_raw
              FROM raw)
            SELECT line, user_id, item_id, ts, order_id, event, quantity, price, NULL::VARCHAR AS title,
              (quantity < 0) AS is_cancel, false AS non_product,
              {BadSql(
                ("item_id IS NULL", "item_id", "'missing item id'"),
                ("ts IS NULL", "timestamp", $"'not an ISO-8601 date or Unix seconds: ' || {Shown("ts_raw")}"),
                ("event IS NULL", "event", $"'must be purchase, cart or view, not ' || {Shown("event_raw")}"),
                ("quantity IS NULL OR isnan(quantity) OR isinf(quantity)", "quantity", $"'not a number: ' || {Shown("qty_raw")}"),
                ("price IS NULL AND trim(coalesce(price_raw, '')) <> ''", "price", $"'not a number: ' || {Shown("price_raw")}"))} AS bad
            FROM t
            """, request.Path);
    }
}
