using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using BundleForge.Embeddings;
using BundleForge.Evaluation.BasketCompletion;

namespace BundleForge.Cli.Evaluation;

/// <summary><c>evaluate --task basket-completion</c>: the item2vec blend against popularity, co-occurrence and
/// item2vec alone on the same hidden-item queries (see docs/EMBEDDINGS.md).</summary>
internal sealed class BasketCompletionTask : IEvaluationTask
{
    private readonly Option<int> _seed = new("--split-seed") { Description = "basket-completion: seed of the random split and of the hidden items.", DefaultValueFactory = _ => 42 };
    private readonly Option<double> _holdout = new("--holdout") { Description = "basket-completion without real time: share of baskets held out.", DefaultValueFactory = _ => 0.1 };
    private readonly Option<int> _testDays = new("--test-days") { Description = "basket-completion with real time: days held out at the end.", DefaultValueFactory = _ => 30 };
    private readonly Option<float> _weight = new("--embedding-weight") { Description = "basket-completion: weight of item2vec in the blend.", DefaultValueFactory = _ => 0.25f };

    public string Name => "basket-completion";

    public void AddOptions(Command evaluate)
    {
        foreach (var o in new Option[] { _seed, _holdout, _testDays, _weight }) evaluate.Options.Add(o);
    }

    public JsonObject Evaluate(EvaluationContext context)
    {
        var parse = context.Parse;
        var options = Item2VecModel.OptionsFrom(context.Model);
        var r = BasketCompletionExperiment.Run(context.Data, options, parse.GetValue(_seed), parse.GetValue(_holdout), parse.GetValue(_testDays),
            parse.GetValue(_weight), 10, context.Progress);
        r.Protocol["model_trained_on_same_data"] = context.Model.Manifest.DataFingerprint == context.Data.Fingerprint;
        var baselines = new JsonObject();
        foreach (var b in r.Baselines) baselines[b.Scorer] = Metrics(b);
        return new JsonObject
        {
            ["task"] = Name,
            ["protocol"] = JsonSerializer.SerializeToNode(r.Protocol),
            ["metrics"] = Metrics(r.Blend),
            ["baselines"] = baselines,
        };
    }

    private static JsonObject Metrics(BasketCompletionResult r)
    {
        var o = new JsonObject();
        foreach (var (k, v) in r.All) o[k] = v;
        o["head"] = JsonSerializer.SerializeToNode(r.Head);
        o["tail"] = JsonSerializer.SerializeToNode(r.Tail);
        return o;
    }
}
