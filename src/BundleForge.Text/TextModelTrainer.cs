using System.Diagnostics;
using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Bundles.Candidates;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation.ColdItems;
using BundleForge.Training;

namespace BundleForge.Text;

/// <summary>The <c>text</c> model: each catalog item's text (<see cref="ItemTextVectors.TextOf"/>) encoded by the
/// sentence encoder in batches, items whose text and encoder are unchanged since the previous model folder reusing its
/// vectors, written with the encoder's name and each text's hash beside the basket co-occurrence counts.</summary>
public sealed class TextModelTrainer(TextModelOptions options) : IModelTrainer
{
    /// <summary>The component kind the manifest records.</summary>
    public const string Kind = "text-vectors";

    /// <inheritdoc />
    public ModelReport Train(TrainingContext context, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var catalog = context.Data.Items;
        int n = catalog.Count, d = TextEncoder.VectorDimensions;
        var texts = new string[n];
        var hashes = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            texts[i] = ItemTextVectors.TextOf(catalog, i);
            hashes[i] = ItemTextVectors.HashOf(texts[i]);
        }

        var vectors = new float[(long)n * d];
        var previous = options.Reuse ? Previous(context.Writer.TargetDirectory, context.Progress) : null;
        var previousRow = previous is null ? null : RowsOf(previous.ItemIds);
        var todo = new List<int>(n);
        int reused = 0, withoutText = 0;
        for (int i = 0; i < n; i++)
        {
            if (texts[i].Length == 0)
            { withoutText++; continue; }
            if (previousRow is not null && previousRow.TryGetValue(catalog.Ids[i], out int row) && previous!.TextHashes[row] == hashes[i])
            {
                previous.VectorOf(row).CopyTo(vectors.AsSpan(i * d, d));
                reused++;
                continue;
            }
            todo.Add(i);
        }

        double encodeSeconds = 0;
        if (todo.Count > 0)
        {
            context.Progress.Report(new ProgressUpdate("text", double.NaN, $"loading the {TextEncoder.ModelName} encoder"));
            using var encoder = new TextEncoder(context.Threads, options.ParallelBatches);
            var batch = new string[todo.Count];
            for (int k = 0; k < todo.Count; k++)
                batch[k] = texts[todo[k]];
            var encodeClock = Stopwatch.StartNew();
            var encoded = encoder.Encode(batch, options.BatchSize, context.Progress, cancellation);
            encodeSeconds = encodeClock.Elapsed.TotalSeconds;
            for (int k = 0; k < todo.Count; k++)
                encoded.AsSpan(k * d, d).CopyTo(vectors.AsSpan(todo[k] * d, d));
        }

        cancellation.ThrowIfCancellationRequested();
        context.Progress.Report(new ProgressUpdate("text", double.NaN, "co-purchase counts"));
        var cooccurrence = ItemCooccurrence.Build(context.Data.Baskets, n, CooccurrencePairScorer.MaxBasketForPairs, cancellation: cancellation);
        var textVectors = new ItemTextVectors(TextEncoder.ModelName, catalog.Ids, hashes, vectors, d);
        var writer = context.Writer;
        textVectors.Save(writer.PathFor(ItemTextVectors.Component, ItemTextVectors.VectorsFile));
        CooccurrenceFile.Write(writer.PathFor(ItemTextVectors.Component, ItemTextVectors.CooccurrenceFileName), cooccurrence, TextRelationScorer.MinTogether);
        // New products: the rule that ranks them is chosen here, on the last days of the training data, when the run
        // also trained item2vec (their behaviour vectors are borrowed from it); serving reads what was chosen.
        NewItemBlend? blend = null;
        if (writer.Has(Item2VecModel.Component))
        {
            context.Progress.Report(new ProgressUpdate("text", double.NaN, $"choosing the new-item rule on the last {options.ValidationDays} days"));
            var item2vec = Item2VecModel.ReadWritten(writer);
            var scorer = NewItemScorer.Build(catalog, textVectors, item2vec.ItemIds, item2vec.Embeddings);
            blend = NewItemBlendSearch.FitOnLastDays(context.Data, scorer, options.ValidationDays, cancellation);
            blend.Save(writer.PathFor(ItemTextVectors.Component, NewItemBlend.FileName));
        }
        var report = new TextModelReport
        {
            Encoder = TextEncoder.ModelName,
            Items = n,
            Encoded = todo.Count,
            Reused = reused,
            WithoutText = withoutText,
            EncodeSeconds = encodeSeconds,
            Seconds = clock.Elapsed.TotalSeconds,
        };
        writer.AddComponent(ItemTextVectors.Component, Kind, new JsonObject
        {
            ["encoder"] = TextEncoder.ModelName,
            ["dimensions"] = d,
            ["batch_size"] = options.BatchSize,
            ["threads"] = context.Threads,
            ["parallel_batches"] = options.ParallelBatches,
        }, new JsonObject
        {
            ["items"] = n,
            ["encoded"] = report.Encoded,
            ["reused"] = reused,
            ["without_text"] = withoutText,
            ["texts_per_second"] = Math.Round(report.TextsPerSecond, 1),
            ["new_item_rule"] = blend is null ? null : new JsonObject
            {
                ["neighbours"] = blend.Neighbours,
                ["text_weight"] = blend.TextWeight,
                ["word_weight"] = blend.WordWeight,
                ["behaviour_weight"] = blend.BehaviourWeight,
                ["validation_customers"] = blend.ValidationCases,
                ["validation_ndcg@10"] = blend.ValidationNdcg,
            },
            ["seconds"] = Math.Round(report.Seconds, 3),
        });
        return report;
    }

    private static Dictionary<string, int> RowsOf(string[] ids)
    {
        var rows = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (int r = 0; r < ids.Length; r++)
            rows[ids[r]] = r;
        return rows;
    }

    /// <summary>The text vectors of the model folder about to be replaced, when it has some from this encoder; a
    /// missing or unreadable folder only means nothing is reused.</summary>
    private static ItemTextVectors? Previous(string folder, IProgress<ProgressUpdate> progress)
    {
        if (!File.Exists(Path.Combine(folder, ModelManifest.FileName)))
            return null;
        try
        {
            var reader = ModelReader.Open(folder);
            if (!reader.Has(ItemTextVectors.Component))
                return null;
            var previous = ItemTextVectors.Read(reader.PathOf(ItemTextVectors.Component, ItemTextVectors.VectorsFile));
            return previous.Encoder == TextEncoder.ModelName && previous.Dimensions == TextEncoder.VectorDimensions ? previous : null;
        }
        catch (DataException e)
        {
            progress.Report(new ProgressUpdate("text", double.NaN, $"not reusing the previous text vectors: {e.Message}"));
            return null;
        }
    }
}
