using System.CommandLine;
using BundleForge.Data;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;

namespace BundleForge.Cli;

/// <summary>The options every data-reading command shares (<c>--data</c>, <c>--format</c>, <c>--catalog</c>,
/// cleaning switches) and the load they drive.</summary>
internal sealed class DataOptions
{
    public Option<string> Data { get; } = new("--data") { Description = "Input: a data file (CSV/TSV, .gz, Parquet), a crosscbr folder, or a store from 'import'.", Required = true };
    public Option<string> Format { get; } = new("--format") { Description = $"Input format: {DataFormatNames.Help}.", DefaultValueFactory = _ => "auto" };
    public Option<string?> Catalog { get; } = new("--catalog") { Description = "Catalog file: item_id, title, category, brand, price, cost, stock." };
    public Option<bool> Strict { get; } = new("--strict") { Description = "Fail on the first malformed row instead of counting it as removed." };
    public Option<double> AssumedMargin { get; } = new("--assumed-margin") { Description = "Margin assumed where no cost is known.", DefaultValueFactory = _ => 0.35 };
    public Option<double> MaxQuantity { get; } = new("--max-quantity") { Description = "Rows with a larger quantity are removed as outliers.", DefaultValueFactory = _ => 10_000 };
    public Option<int> MinUser { get; } = new("--min-user-interactions") { Description = "k-core: drop users with fewer purchases (0 = off)." };
    public Option<int> MinItem { get; } = new("--min-item-interactions") { Description = "k-core: drop items with fewer purchases (0 = off)." };

    public DataOptions(Command command, string dataName = "--data", bool required = true)
    {
        if (dataName != "--data" || !required)
            Data = new Option<string>(dataName) { Description = Data.Description, Required = required };
        foreach (var o in new Option[] { Data, Format, Catalog, Strict, AssumedMargin, MaxQuantity, MinUser, MinItem })
            command.Options.Add(o);
    }

    public LoadRequest Request(ParseResult parse) => new()
    {
        Path = parse.GetValue(Data)!,
        Format = DataFormatNames.Parse(parse.GetValue(Format)),
        CatalogPath = parse.GetValue(Catalog),
        Strict = parse.GetValue(Strict),
        AssumedMargin = parse.GetValue(AssumedMargin),
        MaxQuantity = parse.GetValue(MaxQuantity),
        MinUserInteractions = parse.GetValue(MinUser),
        MinItemInteractions = parse.GetValue(MinItem),
    };

    public Dataset Load(ParseResult parse, IProgress<ProgressUpdate>? progress) => DatasetLoader.Load(Request(parse), progress);

    /// <summary>True when the (optional) data option was given.</summary>
    public bool Given(ParseResult parse) => !string.IsNullOrEmpty(parse.GetValue(Data));
}
