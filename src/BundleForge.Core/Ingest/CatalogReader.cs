using BundleForge.Ingest.Sources;
using BundleForge.Ingest.Store;

namespace BundleForge.Ingest;

/// <summary>Reads a catalog file (<c>item_id</c> and optional <c>title, category, brand, price, cost, stock</c>) into
/// <c>staged_items</c>. The catalog is small and prices drive bundle pricing, so any malformed value is an error.</summary>
public static class CatalogReader
{
    public static void Stage(DuckDbSession db, string? path)
    {
        if (path is null)
        {
            db.Execute("CREATE OR REPLACE TABLE staged_items (item_id VARCHAR, title VARCHAR, category VARCHAR, brand VARCHAR, price DOUBLE, cost DOUBLE, stock INTEGER)");
            return;
        }
        var sniff = InputSniffer.Inspect(path);
        var cols = CsvSource.LoadRaw(db, path, sniff, strict: true, table: "raw_items");
        string Opt(string name) => CsvSource.Find(cols, name) is { } c ? DuckDbSession.Ident(c) : "NULL::VARCHAR";
        var id = DuckDbSession.Ident(CsvSource.Require(cols, path, "the product", "item_id"));
        db.Execute($"""
            CREATE OR REPLACE TABLE staged_items_raw AS
            SELECT {CsvSource.LineSql(sniff)} AS line, NULLIF(trim({id}), '') AS item_id, NULLIF(trim({Opt("title")}), '') AS title,
              NULLIF(trim({Opt("category")}), '') AS category, NULLIF(trim({Opt("brand")}), '') AS brand,
              NULLIF(trim({Opt("price")}), '') AS price_raw, NULLIF(trim({Opt("cost")}), '') AS cost_raw, NULLIF(trim({Opt("stock")}), '') AS stock_raw
            FROM raw_items;
            DROP TABLE raw_items;
            """);
        foreach (var (field, check) in new[]
                 {
                     ("item_id", "item_id IS NULL"),
                     ("price", "price_raw IS NOT NULL AND (TRY_CAST(price_raw AS DOUBLE) IS NULL OR TRY_CAST(price_raw AS DOUBLE) < 0)"),
                     ("cost", "cost_raw IS NOT NULL AND (TRY_CAST(cost_raw AS DOUBLE) IS NULL OR TRY_CAST(cost_raw AS DOUBLE) < 0)"),
                     ("stock", "stock_raw IS NOT NULL AND TRY_CAST(stock_raw AS INTEGER) IS NULL"),
                 })
        {
            var line = db.Scalar<long?>($"SELECT min(line) FROM staged_items_raw WHERE {check}");
            if (line is long l)
            {
                var value = field == "item_id" ? "" : db.Scalar<string>($"SELECT {field}_raw FROM staged_items_raw WHERE line = {l}");
                throw new DataException(field == "item_id" ? "missing item id" : $"not a non-negative number: '{Shown(value)}'", path, l, field);
            }
        }
        // A value as it reads in the one-line error: cut, with control characters (a quoted line break) as spaces.
        static string Shown(string? v) => new((v ?? "").Take(60).Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        var dupLine = db.Scalar<long?>("SELECT min(line) FROM (SELECT line, count(*) OVER (PARTITION BY item_id) AS n FROM staged_items_raw) WHERE n > 1");
        if (dupLine is long d)
            throw new DataException("this item id appears more than once in the catalog", path, d, "item_id");
        db.Execute("""
            CREATE OR REPLACE TABLE staged_items AS
            SELECT item_id, title, category, brand, TRY_CAST(price_raw AS DOUBLE) AS price, TRY_CAST(cost_raw AS DOUBLE) AS cost, TRY_CAST(stock_raw AS INTEGER) AS stock
            FROM staged_items_raw;
            DROP TABLE staged_items_raw;
            """);
    }
}
