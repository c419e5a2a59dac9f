using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using BundleForge.Baseline;
using BundleForge.Privacy;

namespace BundleForge.Cli.Training;

/// <summary>Trains the <c>baseline</c> component the server needs: catalog, popularity, co-purchase neighbours and
/// pseudonymised user profiles.</summary>
internal sealed class BaselineTrainer : IModelTrainer
{
    private readonly Option<int> _neighbours = new("--baseline-neighbours") { Description = "Baseline: co-purchase neighbours kept per item.", DefaultValueFactory = _ => 50 };
    private readonly Option<int> _minCo = new("--baseline-min-co-purchases") { Description = "Baseline: co-purchases needed for strict frequently-bought-together.", DefaultValueFactory = _ => 2 };
    private readonly Option<int> _maxBasket = new("--baseline-max-basket") { Description = "Baseline: larger baskets are left out of co-purchase counting.", DefaultValueFactory = _ => 200 };

    public string Name => BaselineModel.ComponentName;

    public void AddOptions(Command train)
    {
        train.Options.Add(_neighbours);
        train.Options.Add(_minCo);
        train.Options.Add(_maxBasket);
    }

    public JsonObject Train(TrainContext context)
    {
        var options = new BaselineOptions
        {
            Neighbours = context.Parse.GetValue(_neighbours),
            MinCoPurchases = context.Parse.GetValue(_minCo),
            MaxBasketSize = context.Parse.GetValue(_maxBasket),
            Threads = context.Threads,
        };
        var sw = Stopwatch.StartNew();
        var pseudonymizer = Pseudonymizer.FromEnvironment();
        var model = BaselineModel.Build(context.Data, pseudonymizer, options, context.Progress);
        var figures = new JsonObject
        {
            ["items"] = model.Catalog.Count,
            ["pair_baskets"] = model.PairBaskets,
            ["neighbour_pairs"] = model.NeighbourItems.Length,
            ["profiles"] = model.Profiles.Count,
            ["seconds"] = Math.Round(sw.Elapsed.TotalSeconds, 3),
        };
        model.Save(context.Writer, options, pseudonymizer, (JsonObject)figures.DeepClone());
        return figures;
    }
}
