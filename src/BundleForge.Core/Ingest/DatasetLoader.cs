using System.Diagnostics;
using BundleForge.Data;
using BundleForge.Ingest.Adapters;
using BundleForge.Ingest.Cleaning;
using BundleForge.Ingest.Sources;
using BundleForge.Ingest.Store;

namespace BundleForge.Ingest;

/// <summary>Loads any supported input into a cleaned <see cref="Dataset"/>: raw files go through an adapter, the
/// cleaner and the dense-id builder inside an in-memory DuckDB; a DuckDB store written by <c>import</c> is read as is.</summary>
public static class DatasetLoader
{
    public static Dataset Load(LoadRequest request, IProgress<ProgressUpdate>? progress = null)
    {
        var format = Resolve(request);
        if (format == DataFormat.DuckDb)
        {
            if (request.CatalogPath is not null)
                throw new DataException("--catalog applies to raw files; the store already holds its catalog.", request.CatalogPath);
            using var store = DuckDbSession.Open(request.Path, readOnly: true);
            return DatasetReader.Read(store, progress);
        }
        using var db = DuckDbSession.InMemory();
        Stage(db, request with { Format = format }, progress, out bool realTime);
        return DatasetReader.Read(db, progress);
    }

    /// <summary>Runs adapter, catalog, cleaning and the store schema in <paramref name="db"/>.</summary>
    public static CleaningReport Stage(DuckDbSession db, LoadRequest request, IProgress<ProgressUpdate>? progress, out bool hasRealTime)
    {
        var format = Resolve(request);
        if (format == DataFormat.DuckDb)
            throw new DataException("The input is already a DuckDB store.", request.Path);
        var sw = Stopwatch.StartNew();
        progress?.Report(new("reading", double.NaN, Path.GetFileName(request.Path)));
        IFormatAdapter adapter = format switch
        {
            DataFormat.Canonical => new CanonicalAdapter(),
            DataFormat.OnlineRetail => new OnlineRetailAdapter(),
            DataFormat.Fimi or DataFormat.SeqRec or DataFormat.SasRec => new LineFormatAdapter(format),
            DataFormat.CrossCbr => new CrossCbrAdapter(),
            _ => throw new DataException($"Unsupported format {format}."),
        };
        adapter.Stage(db, request with { Format = format });
        CatalogReader.Stage(db, request.CatalogPath);
        progress?.Report(new("reading", 1.0, $"{sw.Elapsed.TotalSeconds:0.0}s"));
        var report = Cleaner.Run(db, request with { Format = format }, progress);
        StoreSchema.Build(db, report, DataFormatNames.NameOf(format), adapter.HasRealTime, request.AssumedMargin);
        foreach (var t in new[] { "staged", "raw", "raw_rejects", "raw_rejects_scan", "staged_items", "staged_bundles", "staged_user_bundles", "clean" })
            db.DropIfExists(t);
        hasRealTime = adapter.HasRealTime;
        return report;
    }

    /// <summary>The format to use: the one asked for, or recognised from the path and the header.</summary>
    public static DataFormat Resolve(LoadRequest request)
    {
        if (request.AssumedMargin is < 0 or >= 1)
            throw new DataException("--assumed-margin must be in [0, 1).", field: "--assumed-margin");
        if (string.IsNullOrWhiteSpace(request.Path))
            throw new DataException("No input given (use --data).", field: "--data");
        if (request.Format != DataFormat.Auto)
            return request.Format;
        if (Directory.Exists(request.Path))
            return CrossCbrAdapter.Recognises(request.Path)
                ? DataFormat.CrossCbr
                : throw new DataException("This is a folder; a data file is expected here (or a crosscbr folder with user_item.txt).", request.Path);
        if (IsDuckDbFile(request.Path))
            return DataFormat.DuckDb;
        var sniff = InputSniffer.Inspect(request.Path);
        if (sniff.IsParquet || CanonicalAdapter.Recognises(sniff))
            return DataFormat.Canonical;
        if (OnlineRetailAdapter.Recognises(sniff))
            return DataFormat.OnlineRetail;
        throw new DataException(
            $"Cannot recognise the format from the header '{Cut(sniff.FirstLine)}'. Canonical files need user_id, item_id and timestamp columns; " +
            $"for other formats pass --format ({DataFormatNames.Help}).", request.Path, 1);
    }

    private static bool IsDuckDbFile(string path)
    {
        if (!File.Exists(path))
            return false;
        using var s = File.OpenRead(path);
        var head = new byte[12];
        int n = s.ReadAtLeast(head, 12, throwOnEndOfStream: false);
        // DuckDB files carry the magic "DUCK" at byte 8.
        return n == 12 && head[8] == (byte)'D' && head[9] == (byte)'U' && head[10] == (byte)'C' && head[11] == (byte)'K';
    }

    private static string Cut(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
