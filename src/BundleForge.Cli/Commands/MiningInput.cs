using System.CommandLine;
using BundleForge.Data;
using BundleForge.Ingest;
using BundleForge.Mining;

namespace BundleForge.Cli.Commands;

/// <summary>The baskets the mining commands (<c>mine</c>, <c>fbt</c>) work on. A FIMI file holds only baskets, so it
/// is read directly by <see cref="FimiBasketReader"/> (no staging or cleaning to do); every other input goes through
/// the general <see cref="DatasetLoader"/>.</summary>
internal sealed record MiningInput(BasketSet Baskets, string[] ItemIds, ItemCatalog? Catalog, string Format, double LoadSeconds)
{
    public static MiningInput Load(DataOptions data, ParseResult parse, IProgress<ProgressUpdate> progress)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var request = data.Request(parse);
        if (request.Format == DataFormat.Fimi && request.CatalogPath is null)
        {
            progress.Report(new ProgressUpdate("reading", double.NaN, Path.GetFileName(request.Path)));
            var (baskets, ids) = FimiBasketReader.Read(request.Path);
            return new MiningInput(baskets, ids, null, "fimi", clock.Elapsed.TotalSeconds);
        }
        var d = DatasetLoader.Load(request, progress);
        return new MiningInput(d.Baskets, d.Items.Ids, d.Items, d.Format, clock.Elapsed.TotalSeconds);
    }
}
