using BundleForge.Ingest.Store;

namespace BundleForge.Ingest.Sources;

/// <summary>Loads a delimited text file (or Parquet) into a table of text columns <c>raw</c> with a <c>line</c>
/// column, through DuckDB's reader.</summary>
public static class CsvSource
{
    /// <summary>Longest line accepted (DuckDB's own default is 2 MB).</summary>
    public const int MaxLineBytes = 8 << 20;

    public static string[] LoadRaw(DuckDbSession db, string path, InputSniffer sniff, bool strict, string table = "raw")
    {
        var lit = DuckDbSession.Literal(path);
        if (sniff.IsParquet)
        {
            try
            { db.Execute($"CREATE OR REPLACE TABLE {table}_typed AS SELECT * FROM read_parquet({lit})"); }
            catch (DuckDB.NET.Data.DuckDBException e) { throw ParquetError(e, path); }
            var cols = ColumnsOf(db, $"{table}_typed");
            var casts = string.Join(", ", cols.Select(c => $"CAST({DuckDbSession.Ident(c)} AS VARCHAR) AS {DuckDbSession.Ident(c)}"));
            db.Execute($"CREATE OR REPLACE TABLE {table} AS SELECT {casts} FROM {table}_typed; DROP TABLE {table}_typed;");
            return cols;
        }
        // DuckDB stops silently at a truncated gzip stream: the whole file is checked first.
        if (sniff.IsGzip)
            GzipIntegrity.Verify(path);
        var delim = sniff.Delimiter == '\t' ? "\t" : sniff.Delimiter.ToString();
        var header = sniff.HeaderColumns;
        if (header.Length == 0 || header.All(string.IsNullOrWhiteSpace))
            throw new DataException("The header row is empty.", path, 1);
        var dup = header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new DataException($"Column '{dup.Key}' appears twice in the header.", path, 1);
        // Explicit column names keep DuckDB from renaming or guessing; every value stays text until we parse it ourselves.
        var columns = string.Join(", ", header.Select(h => $"{DuckDbSession.Literal(h)}: 'VARCHAR'"));
        // The compression is the one the sniffer found in the bytes, not DuckDB's guess from the file name (a gzip file
        // named .csv, or a plain one named .gz, would otherwise be read wrongly).
        var options = $"delim={DuckDbSession.Literal(delim)}, header=true, quote='\"', escape='\"', columns={{{columns}}}, {CompressionOption(sniff)}, " +
                      $"max_line_size={MaxLineBytes}, auto_detect=false, null_padding=false, strict_mode=true";
        if (!strict)
            options += $", store_rejects=true, rejects_table='{table}_rejects', rejects_scan='{table}_rejects_scan'";
        db.Execute($"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv({lit}, {options})", path);
        return header;
    }

    /// <summary>A Parquet file DuckDB cannot read is cut short or damaged (or not Parquet at all): say so, with DuckDB's
    /// reason on the same line but without its error class or a second copy of the path. (No line number: a number in
    /// DuckDB's message is a byte offset or a page, not a line of the file.)</summary>
    private static DataException ParquetError(DuckDB.NET.Data.DuckDBException e, string path)
    {
        string reason = e.Message;
        int eol = reason.IndexOfAny(['\r', '\n']);
        if (eol >= 0)
            reason = reason[..eol];
        reason = System.Text.RegularExpressions.Regex.Replace(reason, @"^[A-Za-z ]*Error: ", "");
        reason = reason.Replace($"'{path}'", "the file").Replace($"\"{path}\"", "the file").Replace(path, "the file").Trim();
        if (reason.Length > 200)
            reason = reason[..200] + "…";
        return new DataException($"Cannot read this Parquet file; it is truncated, damaged or not Parquet ({reason}).", path, inner: e);
    }

    /// <summary>DuckDB's <c>compression</c> option for the file as sniffed.</summary>
    public static string CompressionOption(InputSniffer sniff) => sniff.IsGzip ? "compression='gzip'" : "compression='none'";

    /// <summary>Rows DuckDB could not split into fields (counted as removed, or an error under --strict).</summary>
    public static (long Count, long? FirstLine, string? Error) Rejects(DuckDbSession db)
    {
        bool exists = db.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'raw_rejects'") > 0;
        if (!exists)
            return (0, null, null);
        using var r = db.Reader("SELECT count(*), min(line), arg_min(error_message, line) FROM raw_rejects");
        r.Read();
        long n = r.GetInt64(0);
        return n == 0 ? (0, null, null) : (n, r.IsDBNull(1) ? null : r.GetInt64(1), r.IsDBNull(2) ? null : r.GetString(2));
    }

    /// <summary>SQL for the input line of a <c>raw</c> row: rowid follows insertion order (preserve_insertion_order),
    /// so it is the file line after the header for one-line rows, and the row number for Parquet.</summary>
    public static string LineSql(InputSniffer sniff) => sniff.IsParquet ? "(rowid + 1)" : "(rowid + 2)";

    public static string[] ColumnsOf(DuckDbSession db, string table)
    {
        using var r = db.Reader($"SELECT column_name FROM information_schema.columns WHERE table_name = {DuckDbSession.Literal(table)} ORDER BY ordinal_position");
        var list = new List<string>();
        while (r.Read())
            list.Add(r.GetString(0));
        return list.ToArray();
    }

    /// <summary>Finds a column by any of its accepted names, case-insensitively.</summary>
    public static string? Find(string[] columns, params string[] names)
    {
        foreach (var n in names)
            foreach (var c in columns)
                if (string.Equals(c.Trim(), n, StringComparison.OrdinalIgnoreCase))
                    return c;
        return null;
    }

    public static string Require(string[] columns, string path, string what, params string[] names) =>
        Find(columns, names) ?? throw new DataException(
            $"Missing required column '{names[0]}' ({what}). Found columns: {string.Join(", ", columns.Where(c => c != "line").Select(c => $"'{c}'"))}." +
            (columns.Length <= 2 ? " If the file uses another delimiter, note that only ',', ';' and tab are recognised." : ""),
            path, 1, names[0]);
}
