using System.CommandLine;
using BundleForge.Evaluation;
using BundleForge.Evaluation.Bundles;
using BundleForge.Neural;

namespace BundleForge.Cli.Evaluation;

/// <summary>The options each <c>evaluate</c> task adds to the command line, read into that task's options record;
/// defaults come from the records themselves.</summary>
internal sealed class EvaluateTaskOptions
{
    private static readonly BasketCompletionTaskOptions Basket = new();

    private readonly Option<int> _seed = new("--split-seed") { Description = "basket-completion: seed of the random split and of the hidden items.", DefaultValueFactory = _ => Basket.SplitSeed };
    private readonly Option<double> _holdout = new("--holdout") { Description = "basket-completion without real time: share of baskets held out.", DefaultValueFactory = _ => Basket.Holdout };
    private readonly Option<int> _testDays = new("--test-days") { Description = "basket-completion with real time, next-basket, cold-items: days held out at the end.", DefaultValueFactory = _ => Basket.TestDays };
    private readonly Option<int?> _validDays = new("--valid-days") { Description = "next-basket: days before the test period on which the baselines' parameters are chosen (default: as --test-days)." };
    private readonly Option<int> _threads = new("--threads") { Description = "next-basket: worker threads (default: all cores).", DefaultValueFactory = _ => new NextBasketTaskOptions().Threads };
    private readonly Option<float> _weight = new("--embedding-weight") { Description = "basket-completion: weight of item2vec in the blend.", DefaultValueFactory = _ => Basket.EmbeddingWeight };
    private readonly Option<string?> _component = new("--component") { Description = "next-item: the sequence model component (sasrec or bert4rec; default: the one present)." };
    private readonly Option<bool> _excludeHistory = new("--exclude-history") { Description = "next-item: rank each user's history items last, for the model and popularity (default: not excluded, the published Beauty protocol)." };
    private readonly Option<int> _bundleK = new("--bundle-k") { Description = "bundle-ranking: cut-off k of Recall@k and NDCG@k (2k is reported too).", DefaultValueFactory = _ => new BundleRankingTaskOptions().K };
    private readonly Option<double> _coldBundles = new("--cold-bundles") { Description = "bundle-ranking: share of the judged bundles treated as new (their train pairs removed, the ranker solved again) to report Recall@k on them; 0 = off." };
    private readonly Option<string?> _split = new("--split") { Description = "bundle-ranking: tune or test (default: test when the data has user_bundle_test.txt, else tune)." };

    /// <summary>Adds every task's options to <paramref name="evaluate"/>.</summary>
    public EvaluateTaskOptions(Command evaluate)
    {
        foreach (var o in new Option[] { _seed, _holdout, _testDays, _validDays, _threads, _weight, _component, _excludeHistory, _bundleK, _split, _coldBundles })
            evaluate.Options.Add(o);
    }

    /// <summary>The options record of <paramref name="task"/> from the command line.</summary>
    public EvaluationOptions Read(IEvaluationTask task, ParseResult parse) => task switch
    {
        BasketCompletionTask => new BasketCompletionTaskOptions
        {
            SplitSeed = parse.GetValue(_seed),
            Holdout = parse.GetValue(_holdout),
            TestDays = parse.GetValue(_testDays),
            EmbeddingWeight = parse.GetValue(_weight),
        },
        NextItemTask => new NextItemTaskOptions { Component = parse.GetValue(_component), ExcludeHistory = parse.GetValue(_excludeHistory) },
        BundleRankingTask => new BundleRankingTaskOptions
        {
            K = parse.GetValue(_bundleK),
            Split = ParseSplit(parse.GetValue(_split)),
            ColdBundleShare = parse.GetValue(_coldBundles),
            // Used only when the model holds learned vectors and the cold-bundle protocol runs (it learns them again).
            Learner = new CrossCbrLearner(new CrossCbrOptions()),
        },
        NextBasketTask => new NextBasketTaskOptions
        {
            TestDays = parse.GetValue(_testDays),
            ValidationDays = parse.GetValue(_validDays),
            Threads = parse.GetValue(_threads),
        },
        ColdItemsTask => new ColdItemsTaskOptions { TestDays = parse.GetValue(_testDays) },
        _ => task.DefaultOptions,
    };

    private static BundleRankingSplit? ParseSplit(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "tune" => BundleRankingSplit.Tune,
        "test" => BundleRankingSplit.Test,
        _ => throw new DataException($"Unknown --split '{s}'. Known: tune, test.", field: "--split"),
    };
}
