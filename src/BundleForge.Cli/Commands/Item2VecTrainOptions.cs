using System.CommandLine;
using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Privacy;

namespace BundleForge.Cli.Commands;

/// <summary>The item2vec options of <c>train</c> and the item2vec branch of a training run.</summary>
internal sealed class Item2VecTrainOptions
{
    public Option<int> Dim { get; } = new("--dim") { Description = "item2vec: vector dimensions.", DefaultValueFactory = _ => 64 };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "item2vec: passes over the data.", DefaultValueFactory = _ => 10 };
    public Option<int> Window { get; } = new("--window") { Description = "item2vec: context window over histories and long baskets.", DefaultValueFactory = _ => 5 };
    public Option<int> Negatives { get; } = new("--negatives") { Description = "item2vec: negative samples per pair.", DefaultValueFactory = _ => 5 };
    public Option<int> MinCount { get; } = new("--min-count") { Description = "item2vec: items seen fewer times get no trained vector.", DefaultValueFactory = _ => 1 };
    public Option<double> Sample { get; } = new("--sample") { Description = "item2vec: frequent-item subsampling threshold (0 = off).", DefaultValueFactory = _ => 1e-3 };
    public Option<bool> Deterministic { get; } = new("--deterministic") { Description = "item2vec: one thread, bit-identical vectors for a seed." };

    public Item2VecTrainOptions(Command command)
    {
        foreach (var o in new Option[] { Dim, Epochs, Window, Negatives, MinCount, Sample, Deterministic }) command.Options.Add(o);
    }

    public Item2VecOptions Read(ParseResult parse, int threads, int seed)
    {
        var o = new Item2VecOptions
        {
            Dimensions = parse.GetValue(Dim), Epochs = parse.GetValue(Epochs), Window = parse.GetValue(Window),
            Negatives = parse.GetValue(Negatives), MinCount = parse.GetValue(MinCount), Sample = parse.GetValue(Sample),
            Deterministic = parse.GetValue(Deterministic), Threads = threads, Seed = seed,
        };
        o.Validate();
        return o;
    }

    /// <summary>Trains item2vec on <paramref name="data"/>, writes the component and returns its JSON report.</summary>
    public JsonObject Train(ParseResult parse, Dataset data, ModelWriter writer, int threads, int seed, IProgress<ProgressUpdate> progress)
    {
        var options = Read(parse, threads, seed);
        var (model, report) = Item2VecModel.Train(data, options, Pseudonymizer.FromEnvironment(), progress);
        var metrics = new JsonObject
        {
            ["seconds"] = Math.Round(report.Seconds, 3),
            ["words_per_second"] = Math.Round(report.WordsPerSecond),
            ["vocabulary"] = report.Vocabulary,
            ["raw_tokens"] = report.RawTokens,
            ["cold_start_items"] = report.ColdStartItems,
            ["profiles"] = report.Profiles,
        };
        model.Save(writer, options, metrics);
        return metrics;
    }
}
