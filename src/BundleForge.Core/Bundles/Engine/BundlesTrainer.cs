using System.Diagnostics;
using System.Text.Json.Nodes;
using BundleForge.Embeddings;
using BundleForge.Training;

namespace BundleForge.Bundles.Engine;

/// <summary>The <c>bundles</c> model: pair statistics, pseudonymised user histories and price profiles, acceptance
/// feedback state and the default strategy, so <c>bundles</c> and <c>price</c> serve from the model folder.</summary>
public sealed class BundlesTrainer(BundleModelOptions options) : IModelTrainer
{
    /// <summary>Components whose signals the bundle engine can use (sasrec is Neural's, known here by name only; the text vectors
    /// are computed by BundleForge.Text and read here as plain vectors).</summary>
    private static readonly string[] SignalComponents = [Item2VecModel.Component, "sasrec", ItemTextVectors.Component];

    /// <inheritdoc />
    public ModelReport Train(TrainingContext context, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        context.Progress.Report(new ProgressUpdate("bundles", double.NaN, "pair statistics and user profiles"));
        var model = BundleModel.Build(context.Data, context.Data.Baskets, context.Pseudonymizer, options.Strategy, cancellation: cancellation);
        // The engine plugs in the signals of the other models trained in this run (the pipeline trains it last).
        var signals = new List<string>(SignalComponents.Length);
        foreach (var component in SignalComponents)
            if (context.Writer.Has(component))
                signals.Add(component);
        model.Signals = signals.ToArray();
        double seconds = clock.Elapsed.TotalSeconds;
        model.Save(context.Writer, new JsonObject { ["seconds"] = Math.Round(seconds, 3) });
        return new BundlesReport(model.UserCount, model.HistoryItems.Length, context.Data.Items.Count, model.Signals, seconds);
    }
}
