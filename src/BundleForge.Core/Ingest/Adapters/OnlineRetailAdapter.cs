using BundleForge.Ingest.Sources;
using BundleForge.Ingest.Store;
using static BundleForge.Ingest.Adapters.StagedTable;

namespace BundleForge.Ingest.Adapters;

/// <summary>UCI Online Retail I and II: invoices are baskets, <c>C</c> invoices cancel, postage and fees are not
/// products; dates as <c>12/1/2010 8:26</c> or <c>2010-12-01 08:26:00</c>, customer ids as <c>17850</c> or <c>17850.0</c>.</summary>
public sealed class OnlineRetailAdapter : IFormatAdapter
{
    /// <summary>Stock codes that are services, fees or adjustments rather than products.</summary>
    public const string NonProductCodes = "'POST','DOT','C2','M','BANK CHARGES','AMAZONFEE','CRUK','D','S','PADS','B','ADJUST','ADJUST2','TEST001','TEST002'";

    public bool HasRealTime => true;

    public static bool Recognises(InputSniffer sniff)
    {
        var cols = sniff.HeaderColumns;
        return CsvSource.Find(cols, "StockCode") is not null && CsvSource.Find(cols, "InvoiceNo", "Invoice") is not null;
    }

    public void Stage(DuckDbSession db, LoadRequest request)
    {
        var sniff = InputSniffer.Inspect(request.Path);
        var cols = CsvSource.LoadRaw(db, request.Path, sniff, request.Strict);
        string Q(string c) => DuckDbSession.Ident(c);
        var invoice = Q(CsvSource.Require(cols, request.Path, "the invoice", "InvoiceNo", "Invoice"));
        var code = Q(CsvSource.Require(cols, request.Path, "the product", "StockCode"));
        var desc = CsvSource.Find(cols, "Description") is { } d ? Q(d) : "NULL::VARCHAR";
        var qty = Q(CsvSource.Require(cols, request.Path, "units", "Quantity"));
        var date = Q(CsvSource.Require(cols, request.Path, "the invoice date", "InvoiceDate"));
        var price = Q(CsvSource.Require(cols, request.Path, "the unit price", "UnitPrice", "Price"));
        var customer = Q(CsvSource.Require(cols, request.Path, "the customer", "CustomerID", "Customer ID"));
        db.Execute($"""
            CREATE OR REPLACE VIEW staged AS
            WITH t AS (
              SELECT {CsvSource.LineSql(sniff)} AS line,
                NULLIF(CASE WHEN ends_with(trim({customer}), '.0') THEN left(trim({customer}), -2) ELSE trim({customer}) END, '') AS user_id,
                NULLIF(trim({code}), '') AS item_id,
                CAST(epoch(try_strptime(trim({date}), ['%Y-%m-%d %H:%M:%S', '%m/%d/%Y %H:%M', '%Y-%m-%d %H:%M', '%m/%d/%Y %H:%M:%S'])) AS BIGINT) AS ts,
                {date} AS ts_raw,
                NULLIF(trim({invoice}), '') AS order_id,
                TRY_CAST(trim({qty}) AS DOUBLE) AS quantity, {qty} AS qty_raw,
                TRY_CAST(trim({price}) AS DOUBLE) AS price, {price} AS price_raw,
                NULLIF(trim({desc}), '') AS title
              FROM raw)
            SELECT line, user_id, item_id, ts, order_id, 0::TINYINT AS event, quantity, price, title,
              starts_with(upper(coalesce(order_id, '')), 'C') AS is_cancel,
              (upper(item_id) IN ({NonProductCodes}) OR starts_with(lower(item_id), 'gift_') OR starts_with(upper(coalesce(order_id, '')), 'A')) AS non_product,
              {BadSql(
                ("item_id IS NULL", "StockCode", "'missing stock code'"),
                ("order_id IS NULL", "InvoiceNo", "'missing invoice number'"),
                ("ts IS NULL", "InvoiceDate", $"'not a date like 12/1/2010 8:26 or 2010-12-01 08:26:00: ' || {Shown("ts_raw")}"),
                ("quantity IS NULL OR isnan(quantity) OR isinf(quantity)", "Quantity", $"'not a number: ' || {Shown("qty_raw")}"),
                ("price IS NULL OR isnan(price) OR isinf(price)", "UnitPrice", $"'not a number: ' || {Shown("price_raw")}"))} AS bad
            FROM t
            """, request.Path);
    }
}
