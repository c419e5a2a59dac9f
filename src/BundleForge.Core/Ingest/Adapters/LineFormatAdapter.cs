using BundleForge.Data;
using BundleForge.Ingest.Sources;
using BundleForge.Ingest.Store;

namespace BundleForge.Ingest.Adapters;

/// <summary>The whitespace-separated research formats: <c>fimi</c> (one basket per line), <c>seqrec</c>
/// (<c>user item item ...</c> per line) and <c>sasrec</c> (<c>user item</c> per line). They have no real time: the
/// position in the file orders events.</summary>
public sealed class LineFormatAdapter(DataFormat format) : IFormatAdapter
{
    public bool HasRealTime => false;

    public void Stage(DuckDbSession db, LoadRequest request)
    {
        var sniff = InputSniffer.Inspect(request.Path);
        if (sniff.IsParquet)
            throw new DataException($"The {DataFormatNames.NameOf(format)} format is a text file, not Parquet.", request.Path);
        LoadLines(db, request.Path, sniff);
        // tokens(line, pos, tok): pos 0 is the first token of the line.
        db.Execute("""
            CREATE OR REPLACE TABLE tokens AS
            SELECT line, unnest(range(len(parts))) AS pos, unnest(parts) AS tok
            FROM (SELECT line, string_split(trim(regexp_replace(l, '\s+', ' ', 'g')), ' ') AS parts FROM lines WHERE trim(l) <> '');
            """);
        string isInt = "regexp_full_match(tok, '[0-9]+')";
        string sql = format switch
        {
            DataFormat.Fimi => $"""
                SELECT line, NULL::VARCHAR AS user_id, tok AS item_id, line AS ts, CAST(line AS VARCHAR) AS order_id,
                  0::TINYINT AS event, 1.0::DOUBLE AS quantity, NULL::DOUBLE AS price, NULL::VARCHAR AS title, false AS is_cancel, false AS non_product,
                  CASE WHEN NOT {isInt} THEN 'item' || chr(9) || 'not an integer item id: ''' || left(tok, 60) || '''' END AS bad
                FROM tokens
                """,
            DataFormat.SeqRec => $"""
                SELECT t.line, u.tok AS user_id, t.tok AS item_id, t.pos AS ts, CAST(t.line AS VARCHAR) || ':' || CAST(t.pos AS VARCHAR) AS order_id,
                  0::TINYINT AS event, 1.0::DOUBLE AS quantity, NULL::DOUBLE AS price, NULL::VARCHAR AS title, false AS is_cancel, false AS non_product,
                  CASE WHEN NOT regexp_full_match(t.tok, '[0-9]+') THEN 'item' || chr(9) || 'not an integer item id: ''' || left(t.tok, 60) || '''' END AS bad
                FROM tokens t JOIN tokens u ON u.line = t.line AND u.pos = 0
                WHERE t.pos > 0
                """,
            DataFormat.SasRec => $"""
                SELECT u.line, u.tok AS user_id, t.tok AS item_id, u.line AS ts, CAST(u.line AS VARCHAR) AS order_id,
                  0::TINYINT AS event, 1.0::DOUBLE AS quantity, NULL::DOUBLE AS price, NULL::VARCHAR AS title, false AS is_cancel, false AS non_product,
                  CASE WHEN t.tok IS NULL THEN 'item' || chr(9) || 'missing: a line must be ''user item'''
                       WHEN n.c > 2 THEN 'item' || chr(9) || 'a line must hold exactly two fields, ''user item'''
                       WHEN NOT regexp_full_match(t.tok, '[0-9]+') THEN 'item' || chr(9) || 'not an integer item id: ''' || left(t.tok, 60) || '''' END AS bad
                FROM tokens u LEFT JOIN tokens t ON t.line = u.line AND t.pos = 1
                JOIN (SELECT line, count(*) AS c FROM tokens GROUP BY line) n ON n.line = u.line
                WHERE u.pos = 0
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        db.Execute($"CREATE OR REPLACE TABLE staged AS SELECT {StagedTable.Columns} FROM ({sql}) ORDER BY line, ts");
        if (format == DataFormat.SeqRec)
        {
            // A seqrec line with a user but no items is a malformed row of its own.
            db.Execute("""
                INSERT INTO staged SELECT line, tok, NULL, 0, NULL, 0, 1.0, NULL, NULL, false, false, 'item' || chr(9) || 'a user line without items'
                FROM tokens WHERE pos = 0 AND line NOT IN (SELECT line FROM tokens WHERE pos > 0)
                """);
        }
        db.Execute("DROP TABLE tokens; DROP TABLE lines;");
    }

    /// <summary>Reads every line as one text column; the unit separator never occurs in these files, so DuckDB
    /// does not split lines.</summary>
    internal static void LoadLines(DuckDbSession db, string path, InputSniffer sniff)
    {
        // DuckDB stops silently at a truncated gzip stream: the whole file is checked first.
        if (sniff.IsGzip)
            GzipIntegrity.Verify(path);
        var lit = DuckDbSession.Literal(path);
        db.Execute($"""
            CREATE OR REPLACE TABLE lines AS SELECT * FROM read_csv({lit}, columns={"{'l': 'VARCHAR'}"}, header=false, delim='{'\u001f'}',
              quote='', escape='', auto_detect=false, max_line_size={CsvSource.MaxLineBytes}, strict_mode=false, null_padding=true,
              {CsvSource.CompressionOption(sniff)})
            """, path);
        db.Execute("ALTER TABLE lines ADD COLUMN line BIGINT; UPDATE lines SET line = rowid + 1; UPDATE lines SET l = coalesce(l, '');");
    }
}
