using System.CommandLine;
using System.Text.Json.Nodes;
using BundleForge.Embeddings;
using BundleForge.Privacy;

namespace BundleForge.Cli.Training;

/// <summary>The item2vec branch of <c>train</c>: its options and a run that writes the <c>item2vec</c> component.</summary>
internal sealed class Item2VecModelTrainer : IModelTrainer
{
    private readonly Option<int> _dim = new("--dim") { Description = "item2vec: vector dimensions.", DefaultValueFactory = _ => 64 };
    private readonly Option<int> _epochs = new("--epochs") { Description = "item2vec: passes over the data.", DefaultValueFactory = _ => 10 };
    private readonly Option<int> _window = new("--window") { Description = "item2vec: context window over histories and long baskets.", DefaultValueFactory = _ => 5 };
    private readonly Option<int> _negatives = new("--negatives") { Description = "item2vec: negative samples per pair.", DefaultValueFactory = _ => 5 };
    private readonly Option<int> _minCount = new("--item-min-count") { Description = "item2vec: items seen fewer times get no trained vector.", DefaultValueFactory = _ => 1 };
    private readonly Option<double> _sample = new("--sample") { Description = "item2vec: frequent-item subsampling threshold (0 = off).", DefaultValueFactory = _ => 1e-3 };
    private readonly Option<bool> _deterministic = new("--deterministic") { Description = "item2vec: one thread, bit-identical vectors for a seed." };

    public string Name => Item2VecModel.Component;

    public void AddOptions(Command train)
    {
        foreach (var o in new Option[] { _dim, _epochs, _window, _negatives, _minCount, _sample, _deterministic }) train.Options.Add(o);
    }

    public JsonObject Train(TrainContext context)
    {
        var parse = context.Parse;
        var options = new Item2VecOptions
        {
            Dimensions = parse.GetValue(_dim), Epochs = parse.GetValue(_epochs), Window = parse.GetValue(_window),
            Negatives = parse.GetValue(_negatives), MinCount = parse.GetValue(_minCount), Sample = parse.GetValue(_sample),
            Deterministic = parse.GetValue(_deterministic), Threads = context.Threads, Seed = context.Seed,
        };
        options.Validate();
        var (model, report) = Item2VecModel.Train(context.Data, options, Pseudonymizer.FromEnvironment(), context.Progress);
        var metrics = new JsonObject
        {
            ["seconds"] = Math.Round(report.Seconds, 3),
            ["words_per_second"] = Math.Round(report.WordsPerSecond),
            ["vocabulary"] = report.Vocabulary,
            ["raw_tokens"] = report.RawTokens,
            ["cold_start_items"] = report.ColdStartItems,
            ["profiles"] = report.Profiles,
        };
        model.Save(context.Writer, options, metrics);
        return metrics;
    }
}
