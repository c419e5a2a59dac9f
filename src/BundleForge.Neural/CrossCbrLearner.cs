using System.Text.Json.Nodes;
using BundleForge.BundleRanking;
using BundleForge.Embeddings;
using BundleForge.Evaluation.Metrics;
using static TorchSharp.torch;

namespace BundleForge.Neural;

/// <summary>CrossCBR (Ma et al., KDD 2022) on TorchSharp: LightGCN propagation over the user–bundle graph (bundle view)
/// and over the user–item graph, a bundle's item-view vector being the mean of its items' (item view); BPR on
/// user–bundle pairs with one sampled negative plus the cross-view InfoNCE loss on the batch's users and positive
/// bundles; edges of the three graphs dropped afresh every epoch. A user's score for a bundle is the sum of the two
/// views' dot products, so the learned vectors are the two views side by side (2 × <see cref="CrossCbrOptions.Dim"/>).
/// The propagation is a sparse matrix product; every random choice comes from <see cref="SeededRandom"/>.</summary>
public sealed class CrossCbrLearner(CrossCbrOptions options) : IBundleVectorLearner
{
    private const int ValidationK = 20;

    /// <summary>The settings.</summary>
    public CrossCbrOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public string Name => "crosscbr";

    /// <inheritdoc />
    public JsonObject Settings => new()
    {
        ["dim"] = Options.Dim,
        ["layers"] = Options.Layers,
        ["max_epochs"] = Options.MaxEpochs,
        ["batch_size"] = Options.BatchSize,
        ["learning_rate"] = Options.LearningRate,
        ["l2"] = Options.L2,
        ["contrast_weight"] = Options.ContrastWeight,
        ["temperature"] = Options.Temperature,
        ["item_edge_dropout"] = Options.ItemEdgeDropout,
        ["bundle_edge_dropout"] = Options.BundleEdgeDropout,
        ["aggregation_dropout"] = Options.AggregationDropout,
        ["schedule"] = Options.Schedule.ToString().ToLowerInvariant(),
        ["evaluate_every"] = Options.EvaluateEvery,
        ["patience"] = Options.Patience,
    };

    /// <inheritdoc />
    /// <remarks>A setting missing from <paramref name="recorded"/> keeps this learner's value; an unreadable one is a
    /// <see cref="DataException"/> naming it.</remarks>
    public IBundleVectorLearner WithSettings(JsonObject recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var o = Options;
        var options = o with
        {
            Dim = Read(recorded, "dim", o.Dim),
            Layers = Read(recorded, "layers", o.Layers),
            MaxEpochs = Read(recorded, "max_epochs", o.MaxEpochs),
            BatchSize = Read(recorded, "batch_size", o.BatchSize),
            LearningRate = Read(recorded, "learning_rate", o.LearningRate),
            L2 = Read(recorded, "l2", o.L2),
            ContrastWeight = Read(recorded, "contrast_weight", o.ContrastWeight),
            Temperature = Read(recorded, "temperature", o.Temperature),
            ItemEdgeDropout = Read(recorded, "item_edge_dropout", o.ItemEdgeDropout),
            BundleEdgeDropout = Read(recorded, "bundle_edge_dropout", o.BundleEdgeDropout),
            AggregationDropout = Read(recorded, "aggregation_dropout", o.AggregationDropout),
            Schedule = recorded["schedule"] is null ? o.Schedule
                : Enum.TryParse<SequenceLearningRateSchedule>(Read(recorded, "schedule", ""), ignoreCase: true, out var schedule) ? schedule
                : throw new DataException("The recorded CrossCBR setting 'schedule' is neither constant nor cosine.", field: "learner_settings.schedule"),
            EvaluateEvery = Read(recorded, "evaluate_every", o.EvaluateEvery),
            Patience = Read(recorded, "patience", o.Patience),
        };
        options.Validate();
        return new CrossCbrLearner(options);
    }

    private static T Read<T>(JsonObject recorded, string name, T fallback)
    {
        if (recorded[name] is not { } node)
            return fallback;
        try
        {
            return node.GetValue<T>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new DataException($"The recorded CrossCBR setting '{name}' is not a {typeof(T).Name}: {node.ToJsonString()}.", field: "learner_settings." + name);
        }
    }

    /// <inheritdoc />
    public LearnedBundleVectors Learn(BundleGraph graph, int[][]? validation, int epochs, int seed, int threads, IProgress<ProgressUpdate>? progress,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Options.Validate();
        if (epochs < 0)
            throw new DataException($"CrossCbr epochs must be 0 (stop early on validation) or more, not {epochs}.", field: "CrossCbr.Epochs");
        bool stopEarly = epochs == 0;
        if (stopEarly && (validation is null || !HasAny(validation)))
            throw new DataException("CrossCbr needs validation pairs to stop early (or a fixed number of epochs).", field: "CrossCbr.Epochs");
        int users = graph.Lists.Length;
        int bundles = graph.BundleCount;
        int items = graph.ItemCount;
        int d = Options.Dim;
        var (pairUsers, pairBundles) = Pairs(graph.Lists, bundles);
        if (pairUsers.Length == 0)
            throw new DataException("CrossCbr needs user–bundle pairs to learn from; the train lists are empty.", field: "--data");
        var (uiUsers, uiItems) = Pairs(graph.UserItems, items);
        var (biBundles, biItems) = BundleItemPairs(graph);

        TorchRuntime.Ensure(threads);
        var random = new SeededRandom(seed, stream: 0xC8055CB);
        using var scope = NewDisposeScope();
        var userEmbedding = nn.Parameter(Xavier(users, d, ref random));
        var bundleEmbedding = nn.Parameter(Xavier(bundles, d, ref random));
        var itemEmbedding = nn.Parameter(Xavier(items, d, ref random));
        var optimizer = optim.Adam([userEmbedding, bundleEmbedding, itemEmbedding], Options.LearningRate, weight_decay: Options.L2);

        var fullItemView = Bipartite(uiUsers, uiItems, users, items, null);
        var fullBundleView = Bipartite(pairUsers, pairBundles, users, bundles, null);
        var fullAggregation = Aggregation(biBundles, biItems, bundles, items, null);

        int maxEpochs = stopEarly ? Options.MaxEpochs : epochs;
        int horizon = Math.Max(Options.MaxEpochs, maxEpochs);
        var order = new int[pairUsers.Length];
        for (int x = 0; x < order.Length; x++)
            order[x] = x;
        int bs = Math.Min(Options.BatchSize, order.Length);
        var batchUsers = new long[bs];
        var batchPositives = new long[bs];
        var batchNegatives = new long[bs];
        // One mask per direction of an edge, as the paper drops the entries of the symmetric adjacency independently.
        var uiKeep = new bool[2 * uiUsers.Length];
        var ubKeep = new bool[2 * pairUsers.Length];
        var biKeep = new bool[biBundles.Length];
        var labels = arange(bs, dtype: ScalarType.Int64);

        (float[] Users, float[] Bundles)? best = null;
        double bestScore = double.NegativeInfinity;
        int bestEpoch = 0;
        int sinceBest = 0;
        int epoch = 0;
        while (epoch < maxEpochs)
        {
            cancellation.ThrowIfCancellationRequested();
            Drop(uiKeep, Options.ItemEdgeDropout, ref random);
            Drop(ubKeep, Options.BundleEdgeDropout, ref random);
            Drop(biKeep, Options.AggregationDropout, ref random);
            using var itemView = Bipartite(uiUsers, uiItems, users, items, uiKeep);
            using var bundleView = Bipartite(pairUsers, pairBundles, users, bundles, ubKeep);
            using var aggregation = Aggregation(biBundles, biItems, bundles, items, biKeep);
            random.Shuffle<int>(order);
            int steps = order.Length / bs;
            // The epoch's mean losses, for the progress line: read back once a step (a step propagates over every graph,
            // so the copy is noise).
            double bprSum = 0, contrastSum = 0;
            for (int start = 0; start + bs <= order.Length; start += bs)
            {
                // Each step propagates over the whole graphs (a second or more on large data): check before every one.
                cancellation.ThrowIfCancellationRequested();
                if (Options.Schedule != SequenceLearningRateSchedule.Constant)
                {
                    // Progress in epochs of the horizon, so the fit run and the final run (more pairs, more steps an
                    // epoch) share one curve.
                    long at = (long)epoch * steps + start / bs;
                    double rate = Options.LearningRate * SequenceLearningRate.Factor(Options.Schedule, 0, at, (long)horizon * steps);
                    foreach (var group in optimizer.ParamGroups)
                        group.LearningRate = rate;
                }
                for (int x = 0; x < bs; x++)
                {
                    int pair = order[start + x];
                    int u = pairUsers[pair];
                    batchUsers[x] = u;
                    batchPositives[x] = pairBundles[pair];
                    batchNegatives[x] = Negative(graph.Lists[u], bundles, ref random);
                }
                using var step = NewDisposeScope();
                var (ilUsers, ilItems) = Propagate(itemView, userEmbedding, itemEmbedding);
                var ilBundles = aggregation.mm(ilItems);
                var (blUsers, blBundles) = Propagate(bundleView, userEmbedding, bundleEmbedding);
                var u0 = tensor(batchUsers);
                var p0 = tensor(batchPositives);
                var n0 = tensor(batchNegatives);
                var ilU = ilUsers.index_select(0, u0);
                var blU = blUsers.index_select(0, u0);
                var ilP = ilBundles.index_select(0, p0);
                var blP = blBundles.index_select(0, p0);
                var positive = (ilU * ilP).sum(1) + (blU * blP).sum(1);
                var negative = (ilU * ilBundles.index_select(0, n0)).sum(1) + (blU * blBundles.index_select(0, n0)).sum(1);
                var bpr = nn.functional.softplus(negative - positive).mean();
                var contrast = (Contrast(ilU, blU, labels) + Contrast(ilP, blP, labels)) / 2;
                var loss = bpr + Options.ContrastWeight * contrast;
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                bprSum += bpr.item<float>();
                contrastSum += contrast.item<float>();
            }
            epoch++;
            string losses = $"loss: bpr {bprSum / Math.Max(1, steps):F4}, contrast {contrastSum / Math.Max(1, steps):F4}";
            if (stopEarly && (epoch % Options.EvaluateEvery == 0 || epoch == maxEpochs))
            {
                var vectors = Vectors(fullItemView, fullBundleView, fullAggregation, userEmbedding, bundleEmbedding, itemEmbedding);
                double score = Judge(vectors.Users, vectors.Bundles, 2 * d, graph.Lists, validation!, threads);
                progress?.Report(new ProgressUpdate("crosscbr", (double)epoch / maxEpochs, $"epoch {epoch}: {losses}; validation recall+ndcg@{ValidationK} {score:F4}"));
                if (score > bestScore)
                {
                    (bestScore, bestEpoch, best, sinceBest) = (score, epoch, vectors, 0);
                }
                else if (++sinceBest >= Options.Patience)
                    break;
            }
            else
                progress?.Report(new ProgressUpdate("crosscbr", (double)epoch / maxEpochs, $"epoch {epoch}: {losses}"));
        }
        if (!stopEarly)
        {
            best = Vectors(fullItemView, fullBundleView, fullAggregation, userEmbedding, bundleEmbedding, itemEmbedding);
            bestEpoch = epoch;
        }
        return new LearnedBundleVectors(2 * d, best!.Value.Users, best.Value.Bundles, bestEpoch);
    }

    /// <summary>Both views' vectors on the whole graphs (no dropout), side by side.</summary>
    private (float[] Users, float[] Bundles) Vectors(Tensor itemView, Tensor bundleView, Tensor aggregation, Tensor userEmbedding, Tensor bundleEmbedding,
        Tensor itemEmbedding)
    {
        using var step = NewDisposeScope();
        using var _ = no_grad();
        var (ilUsers, ilItems) = Propagate(itemView, userEmbedding, itemEmbedding);
        var ilBundles = aggregation.mm(ilItems);
        var (blUsers, blBundles) = Propagate(bundleView, userEmbedding, bundleEmbedding);
        var u = cat([ilUsers, blUsers], 1).contiguous();
        var b = cat([ilBundles, blBundles], 1).contiguous();
        return (u.data<float>().ToArray(), b.data<float>().ToArray());
    }

    /// <summary>LightGCN over a symmetric-normalised bipartite graph: the layer-0 vectors plus each layer's
    /// (divided by layer + 1, then L2-normalised), split back into the two sides.</summary>
    private (Tensor A, Tensor B) Propagate(Tensor graph, Tensor a, Tensor b)
    {
        var features = cat([a, b], 0);
        var all = features;
        for (int layer = 0; layer < Options.Layers; layer++)
        {
            features = graph.mm(features) / (layer + 2);
            all = all + nn.functional.normalize(features, p: 2, dim: 1);
        }
        long rows = a.shape[0];
        return (all.narrow(0, 0, rows), all.narrow(0, rows, b.shape[0]));
    }

    /// <summary>InfoNCE between two views of the same rows: row x of <paramref name="a"/> should match row x of
    /// <paramref name="b"/> against every other row of the batch.</summary>
    private Tensor Contrast(Tensor a, Tensor b, Tensor labels)
    {
        var na = nn.functional.normalize(a, p: 2, dim: 1);
        var nb = nn.functional.normalize(b, p: 2, dim: 1);
        var logits = na.mm(nb.t()) / Options.Temperature;
        return nn.functional.cross_entropy(logits, labels);
    }

    /// <summary>Mean Recall@20 + NDCG@20 of the vectors on the validation bundles (known bundles left out).</summary>
    private static double Judge(float[] userVectors, float[] bundleVectors, int dim, int[][] known, int[][] validation, int threads)
    {
        int bundles = bundleVectors.Length / dim;
        var judged = new List<int>();
        for (int u = 0; u < validation.Length; u++)
            if (validation[u].Length > 0)
                judged.Add(u);
        var recall = new double[judged.Count];
        var ndcg = new double[judged.Count];
        int[] cutoffs = [ValidationK];
        Parallel.For(0, judged.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) },
            () => (Scores: new float[bundles], Heap: new TopKHeap(ValidationK), Ranked: new Neighbor[ValidationK], Ids: new int[ValidationK]),
            (x, _, ws) =>
            {
                int u = judged[x];
                LearnedBundleVectors.Score(userVectors.AsSpan(u * dim, dim), bundleVectors, dim, ws.Scores);
                foreach (int b in known[u])
                    ws.Scores[b] = float.NegativeInfinity;
                ws.Heap.Clear();
                for (int b = 0; b < bundles; b++)
                    if (!float.IsNegativeInfinity(ws.Scores[b]))
                        ws.Heap.Add(b, ws.Scores[b]);
                int found = ws.Heap.CopySortedTo(ws.Ranked);
                for (int r = 0; r < found; r++)
                    ws.Ids[r] = ws.Ranked[r].Id;
                var truth = validation[u];
                var one = new RelevantSetAccumulator(cutoffs);
                one.Add(ws.Ids.AsSpan(0, found), b => Array.BinarySearch(truth, b) >= 0, truth.Length);
                var m = one.ToMetrics();
                recall[x] = m.RecallAt(ValidationK);
                ndcg[x] = m.NdcgAt(ValidationK);
                return ws;
            }, _ => { });
        double sum = 0;
        for (int x = 0; x < judged.Count; x++)
            sum += recall[x] + ndcg[x];
        return judged.Count > 0 ? sum / judged.Count : 0;
    }

    /// <summary>Xavier-normal initial vectors (std √(2 ÷ (rows + dim))), drawn from <paramref name="random"/>.</summary>
    private static Tensor Xavier(int rows, int dim, ref SeededRandom random)
    {
        var values = new float[(long)Math.Max(rows, 0) * dim];
        double std = Math.Sqrt(2.0 / (rows + dim));
        for (int k = 0; k < values.Length; k++)
            values[k] = (float)(random.NextGaussian() * std);
        return tensor(values, [rows, dim]);
    }

    /// <summary>The normalised adjacency D^-½ A D^-½ of the bipartite graph, rows then columns as one node list. Without
    /// <paramref name="keep"/> every edge is kept both ways and A is symmetric. With it, <c>keep[e]</c> keeps the message
    /// from column to row of edge e and <c>keep[E + e]</c> the one from row to column, each direction normalised by the
    /// degrees of its own kept entries (CrossCBR's edge dropout drops the entries of the symmetric matrix
    /// independently, then normalises rows and columns).</summary>
    internal static Tensor Bipartite(int[] rows, int[] columns, int rowCount, int columnCount, bool[]? keep)
    {
        int edges = rows.Length;
        // Degrees of the row→column block's rows and columns (messages into rows), then of the column→row block's.
        var intoRowDegree = new float[rowCount];
        var fromColumnDegree = new float[columnCount];
        var intoColumnDegree = new float[columnCount];
        var fromRowDegree = new float[rowCount];
        int kept = 0;
        for (int e = 0; e < edges; e++)
        {
            if (keep is null || keep[e])
            {
                intoRowDegree[rows[e]]++;
                fromColumnDegree[columns[e]]++;
                kept++;
            }
            if (keep is null || keep[edges + e])
            {
                intoColumnDegree[columns[e]]++;
                fromRowDegree[rows[e]]++;
                kept++;
            }
        }
        var indices = new long[2L * kept];
        var values = new float[kept];
        int k = 0;
        for (int e = 0; e < edges; e++)
        {
            if (keep is null || keep[e])
            {
                indices[k] = rows[e];
                indices[kept + k] = rowCount + columns[e];
                values[k++] = 1f / ((MathF.Sqrt(intoRowDegree[rows[e]]) + 1e-8f) * (MathF.Sqrt(fromColumnDegree[columns[e]]) + 1e-8f));
            }
            if (keep is null || keep[edges + e])
            {
                indices[k] = rowCount + columns[e];
                indices[kept + k] = rows[e];
                values[k++] = 1f / ((MathF.Sqrt(intoColumnDegree[columns[e]]) + 1e-8f) * (MathF.Sqrt(fromRowDegree[rows[e]]) + 1e-8f));
            }
        }
        long n = rowCount + columnCount;
        using var i = tensor(indices, [2, (long)kept]);
        using var v0 = tensor(values);
        var raw = sparse_coo_tensor(i, v0, [n, n]);
        return raw.DetachFromDisposeScope();
    }

    /// <summary>Bundle → item weights 1 ÷ (the bundle's kept items): a bundle's item-view vector is their mean.</summary>
    private static Tensor Aggregation(int[] bundleRows, int[] itemColumns, int bundles, int items, bool[]? keep)
    {
        var size = new float[bundles];
        int kept = 0;
        for (int e = 0; e < bundleRows.Length; e++)
            if (keep is null || keep[e])
            {
                size[bundleRows[e]]++;
                kept++;
            }
        var indices = new long[2L * kept];
        var values = new float[kept];
        int k = 0;
        for (int e = 0; e < bundleRows.Length; e++)
        {
            if (keep is not null && !keep[e])
                continue;
            indices[k] = bundleRows[e];
            indices[kept + k] = itemColumns[e];
            values[k++] = 1f / size[bundleRows[e]];
        }
        using var i = tensor(indices, [2, (long)kept]);
        using var v0 = tensor(values);
        var raw = sparse_coo_tensor(i, v0, [bundles, items]);
        return raw.DetachFromDisposeScope();
    }

    internal static void Drop(bool[] keep, double share, ref SeededRandom random)
    {
        for (int e = 0; e < keep.Length; e++)
            keep[e] = share <= 0 || !random.Chance(share);
    }

    /// <summary>A bundle <paramref name="taken"/> (sorted) does not hold, drawn uniformly (any bundle when the user
    /// took them all).</summary>
    internal static long Negative(int[] taken, int bundles, ref SeededRandom random)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int b = random.NextInt(bundles);
            if (Array.BinarySearch(taken, b) < 0)
                return b;
        }
        return random.NextInt(bundles);
    }

    private static (int[] Rows, int[] Columns) Pairs(int[][] lists, int columns)
    {
        var rows = new List<int>();
        var cols = new List<int>();
        for (int u = 0; u < lists.Length; u++)
            foreach (int c in lists[u])
                if ((uint)c < (uint)columns)
                {
                    rows.Add(u);
                    cols.Add(c);
                }
        return ([.. rows], [.. cols]);
    }

    private static (int[] Bundles, int[] Items) BundleItemPairs(BundleGraph graph)
    {
        var rows = new List<int>();
        var cols = new List<int>();
        for (int b = 0; b < graph.BundleCount; b++)
        {
            var seen = new HashSet<int>();
            for (int x = graph.BundleOffsets[b]; x < graph.BundleOffsets[b + 1]; x++)
            {
                int i = graph.BundleItems[x];
                if ((uint)i < (uint)graph.ItemCount && seen.Add(i))
                {
                    rows.Add(b);
                    cols.Add(i);
                }
            }
        }
        return ([.. rows], [.. cols]);
    }

    private static bool HasAny(int[][] lists)
    {
        foreach (var row in lists)
            if (row.Length > 0)
                return true;
        return false;
    }
}
