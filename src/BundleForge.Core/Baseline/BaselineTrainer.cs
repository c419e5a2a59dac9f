using System.Diagnostics;
using System.Text.Json.Nodes;
using BundleForge.Training;

namespace BundleForge.Baseline;

/// <summary>Trains the <c>baseline</c> component the server needs: catalog, popularity, co-purchase neighbours and
/// pseudonymised user profiles.</summary>
public sealed class BaselineTrainer(BaselineOptions options) : IModelTrainer
{
    /// <inheritdoc />
    public ModelReport Train(TrainingContext context, CancellationToken cancellation)
    {
        var settings = options with { Threads = context.Threads };
        var clock = Stopwatch.StartNew();
        var pseudonymizer = context.Pseudonymizer;
        var model = BaselineModel.Build(context.Data, pseudonymizer, settings, context.Progress, cancellation);
        var report = new BaselineReport(model.Catalog.Count, model.PairBaskets, model.NeighbourItems.Length, model.Profiles.Count, clock.Elapsed.TotalSeconds);
        model.Save(context.Writer, settings, pseudonymizer, new JsonObject
        {
            ["items"] = report.Items,
            ["pair_baskets"] = report.PairBaskets,
            ["neighbour_pairs"] = report.NeighbourPairs,
            ["profiles"] = report.Profiles,
            ["seconds"] = Math.Round(report.Seconds, 3),
        });
        return report;
    }
}
