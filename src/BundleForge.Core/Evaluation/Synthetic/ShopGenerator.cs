using System.Diagnostics;
using System.Globalization;
using System.Text;
using BundleForge.Data;

namespace BundleForge.Evaluation.Synthetic;

/// <summary>Generates a synthetic shop in the canonical CSV format: <c>interactions.csv</c>, <c>items.csv</c>,
/// <c>users.csv</c> (hidden willingness to pay and tastes), <c>ground_truth.csv</c> (planted bundles),
/// <c>substitutes.csv</c> and <c>sequences.csv</c> (planted follow-ups). Deterministic for a seed.</summary>
public static class ShopGenerator
{
    public const string InteractionsFile = "interactions.csv";
    public const string ItemsFile = "items.csv";
    public const string UsersFile = "users.csv";
    public const string GroundTruthFile = "ground_truth.csv";
    public const string SubstitutesFile = "substitutes.csv";
    public const string SequencesFile = "sequences.csv";

    public const string ItemsHeader = "item_id,title,category,brand,price,cost,stock";
    public const string UsersHeader = "user_id,segment,wtp_factor,price_sensitivity,activity,taste";
    public const string GroundTruthHeader = "bundle_id,item_id";
    public const string SubstitutesHeader = "item_id_a,item_id_b,category";
    public const string SequencesHeader = "trigger_item_id,follow_item_id,follow_rate";

    /// <summary>The files a shop consists of, in the order they are written.</summary>
    public static IReadOnlyList<string> Files { get; } = [ItemsFile, UsersFile, GroundTruthFile, SubstitutesFile, SequencesFile, InteractionsFile];

    /// <summary>Writes the shop into <paramref name="outDir"/> (created when missing). The files are written into a
    /// staging folder beside it and moved in only once all are complete, so a failed or cancelled run
    /// (<paramref name="cancellation"/>, checked per user of the order simulation) leaves the folder as it was, or
    /// absent.</summary>
    public static GeneratedShop Generate(ShopGeneratorOptions options, string outDir, IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        options.Validate();
        if (File.Exists(outDir))
            throw new DataException("is a file; --out needs a folder", file: outDir);
        var target = Path.GetFullPath(outDir);
        var staging = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.staging-{Guid.NewGuid():N}");
        try
        { Directory.CreateDirectory(staging); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"cannot create the output folder: {e.Message}", file: outDir, inner: e);
        }

        try
        {
            progress?.Report(new ProgressUpdate("build catalog and users", double.NaN));
            var shop = SyntheticShop.Create(options);
            long bytes = 0;
            bytes += WriteItems(shop, Path.Combine(staging, ItemsFile));
            bytes += WriteUsers(shop, Path.Combine(staging, UsersFile));
            bytes += WriteGroundTruth(shop, staging);
            var sink = new CsvInteractionSink(shop, Path.Combine(staging, InteractionsFile));
            try
            { ShopOrderSimulator.Run(shop, sink, progress, cancellation); }
            finally { sink.Dispose(); }
            bytes += new FileInfo(Path.Combine(staging, InteractionsFile)).Length;
            cancellation.ThrowIfCancellationRequested();
            // Renames within one file system: a new folder in one step; into an existing one file by file, replacing the
            // earlier files of these names and leaving any other file alone.
            if (Directory.Exists(target))
                foreach (var file in Files)
                    File.Move(Path.Combine(staging, file), Path.Combine(target, file), overwrite: true);
            else
                Directory.Move(staging, target);
            return new GeneratedShop(target, shop.UserCount, shop.ItemCount, sink.Orders, sink.OrderLines,
                sink.Rows, shop.Bundles.Length, shop.Substitutes.Length, shop.Sequences.Length, bytes, clock.Elapsed.TotalSeconds);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DataException($"cannot write: {e.Message}", file: outDir, inner: e);
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Builds the shop and its simulated behaviour in memory (no files).</summary>
    public static (SyntheticShop Shop, Dataset Dataset) Build(ShopGeneratorOptions options, IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellation = default)
    {
        var shop = SyntheticShop.Create(options);
        var sink = new InMemoryShopSink(shop);
        ShopOrderSimulator.Run(shop, sink, progress, cancellation);
        return (shop, sink.ToDataset());
    }

    private static long WriteItems(SyntheticShop shop, string path)
    {
        using var w = new Utf8CsvWriter(path);
        w.Raw(Encoding.ASCII.GetBytes(ItemsHeader + "\n"));
        for (int i = 0; i < shop.ItemCount; i++)
        {
            w.Field(shop.ItemIds[i]);
            w.Comma();
            w.Field(shop.Titles[i]);
            w.Comma();
            w.Field(shop.Leaves[shop.ItemLeaf[i]]);
            w.Comma();
            w.Field(shop.Brands[i]);
            w.Comma();
            w.Money(shop.Price[i]);
            w.Comma();
            w.Money(shop.Cost[i]);
            w.Comma();
            w.Integer(shop.Stock[i]);
            w.EndLine();
        }
        return w.BytesWritten;
    }

    private static long WriteUsers(SyntheticShop shop, string path)
    {
        using var w = new Utf8CsvWriter(path);
        w.Raw(Encoding.ASCII.GetBytes(UsersHeader + "\n"));
        var taste = new StringBuilder();
        for (int u = 0; u < shop.UserCount; u++)
        {
            w.Field(shop.UserIds[u]);
            w.Comma();
            w.Field(shop.Segment[u]);
            w.Comma();
            w.Number(shop.WillingnessToPay[u]);
            w.Comma();
            w.Number(shop.PriceSensitivity[u]);
            w.Comma();
            w.Number(shop.Activity[u]);
            w.Comma();
            taste.Clear();
            for (int t = 0; t < shop.Tops.Length; t++)
            {
                float weight = shop.TasteFor(u, t);
                if (weight <= 0)
                    continue;
                if (taste.Length > 0)
                    taste.Append('|');
                taste.Append(shop.Tops[t]).Append(':').Append(Math.Round(weight, 3).ToString(CultureInfo.InvariantCulture));
            }
            w.Field(taste.ToString());
            w.EndLine();
        }
        return w.BytesWritten;
    }

    private static long WriteGroundTruth(SyntheticShop shop, string outDir)
    {
        long bytes = 0;
        int width = Math.Max(4, shop.Bundles.Length.ToString(CultureInfo.InvariantCulture).Length);
        using (var w = new Utf8CsvWriter(Path.Combine(outDir, GroundTruthFile), 1 << 16))
        {
            w.Raw(Encoding.ASCII.GetBytes(GroundTruthHeader + "\n"));
            for (int b = 0; b < shop.Bundles.Length; b++)
                foreach (int i in shop.Bundles[b])
                {
                    w.PaddedId((byte)'B', b, width);
                    w.Comma();
                    w.Field(shop.ItemIds[i]);
                    w.EndLine();
                }
            bytes += w.BytesWritten;
        }
        using (var w = new Utf8CsvWriter(Path.Combine(outDir, SubstitutesFile), 1 << 16))
        {
            w.Raw(Encoding.ASCII.GetBytes(SubstitutesHeader + "\n"));
            foreach (var (a, b) in shop.Substitutes)
            {
                w.Field(shop.ItemIds[a]);
                w.Comma();
                w.Field(shop.ItemIds[b]);
                w.Comma();
                w.Field(shop.Leaves[shop.ItemLeaf[a]]);
                w.EndLine();
            }
            bytes += w.BytesWritten;
        }
        using (var w = new Utf8CsvWriter(Path.Combine(outDir, SequencesFile), 1 << 16))
        {
            w.Raw(Encoding.ASCII.GetBytes(SequencesHeader + "\n"));
            foreach (var (x, y) in shop.Sequences)
            {
                w.Field(shop.ItemIds[x]);
                w.Comma();
                w.Field(shop.ItemIds[y]);
                w.Comma();
                w.Number(shop.Options.FollowRate);
                w.EndLine();
            }
            bytes += w.BytesWritten;
        }
        return bytes;
    }
}
