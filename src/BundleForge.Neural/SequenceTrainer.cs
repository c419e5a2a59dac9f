using System.Diagnostics;
using BundleForge.Data;
using BundleForge.Evaluation.Metrics;
using BundleForge.Evaluation.NextItem;
using BundleForge.Splits;
using TorchSharp;
using static TorchSharp.torch;

namespace BundleForge.Neural;

/// <summary>Trains SASRec or BERT4Rec on leave-last-out training sequences with AdamW, gradient clipping and early
/// stopping on validation NDCG@10 (all items ranked); keeps the best checkpoint, decides its history rule
/// (<see cref="SequenceHistoryRule"/>) and reports its test metrics under that rule.</summary>
public static class SequenceTrainer
{
    /// <summary>Trains on <paramref name="sequences"/> (dense item ids below <paramref name="itemCount"/>).</summary>
    public static SequenceTrainingResult Train(UserSequences sequences, int itemCount, SequenceModelOptions options,
                                               IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
        => Train(sequences, itemCount, options, itemFeatures: null, progress, cancel);

    /// <summary>Trains on <paramref name="sequences"/>, adding the side features of <paramref name="itemFeatures"/>
    /// (when not null) to every item's embedding.</summary>
    public static SequenceTrainingResult Train(UserSequences sequences, int itemCount, SequenceModelOptions options, ItemFeatureTable? itemFeatures,
                                               IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        if (itemFeatures is not null && itemFeatures.ItemCount != itemCount)
            throw new ArgumentException($"The feature table covers {itemFeatures.ItemCount} items, not {itemCount}.", nameof(itemFeatures));
        var config = options.ToConfig(itemCount, itemFeatures);
        config.Validate();
        cancel.ThrowIfCancellationRequested();
        var report = new SequenceProgress(progress, config.Kind);
        report.Now(0, "preparing the sequences");
        TorchRuntime.Ensure(options.Threads);
        torch.manual_seed(options.Seed);
        var rng = new SeededRandom(options.Seed);

        var split = LeaveLastOut.Create(sequences);
        var trainUsers = new List<int>();
        bool anyEvaluable = false;
        for (int u = 0; u < sequences.Count; u++)
        {
            if (split.TrainOf(u).Length >= 2)
                trainUsers.Add(u);
            anyEvaluable |= split.IsEvaluable(u);
        }
        if (trainUsers.Count == 0 || !anyEvaluable)
            throw new DataException("A sequence model needs users with at least 3 purchases in order (two are held out for validation and test); the data has none.");

        cancel.ThrowIfCancellationRequested();
        var negatives = options.Loss == SequenceLoss.Sampled ? NegativeSource.Create(split, trainUsers, itemCount, options) : null;
        var net = new SequenceTransformer(config, itemFeatures);
        var scorer = new SequenceNextItemScorer(net);
        var optimizer = CreateOptimizer(net, options);

        Dictionary<string, Tensor>? best = null;
        double bestNdcg = double.NegativeInfinity;
        // Auto validates both ways from one scoring pass and stops on the better; the best checkpoint's pair decides.
        bool bothWays = options.History == SequenceHistoryRule.Auto;
        double bestKept = double.NaN, bestMasked = double.NaN;
        int bestEpoch = 0, epochsRun = 0, sinceBest = 0, validations = 0;
        var losses = new List<double>();
        var valid = new List<double>();
        long step = 0;
        var clock = new Stopwatch();
        var total = Stopwatch.StartNew();
        double trainSeconds = 0, trainCpuSeconds = 0, validSeconds = 0;
        using var process = Process.GetCurrentProcess();
        try
        {
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                cancel.ThrowIfCancellationRequested();
                clock.Restart();
                process.Refresh();
                var cpuAtStart = process.TotalProcessorTime;
                double meanLoss = TrainEpoch(net, optimizer, split, trainUsers, negatives, options, "epoch", epoch, options.Epochs, ref step, ref rng, report, cancel);
                clock.Stop();
                process.Refresh();
                trainCpuSeconds += (process.TotalProcessorTime - cpuAtStart).TotalSeconds;
                trainSeconds += clock.Elapsed.TotalSeconds;
                epochsRun = epoch;
                losses.Add(meanLoss);

                bool outOfTime = options.MaxMinutes > 0 && total.Elapsed.TotalMinutes >= options.MaxMinutes;
                bool lastEpoch = epoch == options.Epochs || outOfTime;
                if (epoch % options.ValidateEvery != 0 && !lastEpoch)
                {
                    report.Result((double)epoch / options.Epochs, $"epoch {epoch} loss {meanLoss:0.0000} {clock.Elapsed.TotalSeconds:0.0}s");
                    continue;
                }
                long validStart = Stopwatch.GetTimestamp();
                double kept = double.NaN, masked = double.NaN, ndcg;
                string validating = $"epoch {epoch} loss {meanLoss:0.0000}, validating";
                Action<double> validated = f => report.IfDue((double)epoch / options.Epochs, $"{validating} {f:P0}");
                report.Now((double)epoch / options.Epochs, validating);
                if (bothWays)
                {
                    var (k, m) = NextItemEvaluator.EvaluateBothWays(scorer, split, test: false, done: validated, cancellation: cancel);
                    (kept, masked) = (k.NdcgAt(10), m.NdcgAt(10));
                    ndcg = Math.Max(kept, masked);
                }
                else
                {
                    // A fixed rule is in the network's config, so the scorer applies it.
                    ndcg = NextItemEvaluator.Evaluate(scorer, split, test: false, done: validated, cancellation: cancel).NdcgAt(10);
                    if (config.MaskHistory == true)
                        masked = ndcg;
                    else
                        kept = ndcg;
                }
                validSeconds += Stopwatch.GetElapsedTime(validStart).TotalSeconds;
                validations++;
                valid.Add(ndcg);
                bool improved = ndcg > bestNdcg;
                if (improved)
                {
                    bestNdcg = ndcg;
                    (bestKept, bestMasked) = (kept, masked);
                    bestEpoch = epoch;
                    sinceBest = 0;
                    DisposeAll(best);
                    best = Snapshot(net);
                }
                else
                    sinceBest++;
                report.Result((double)epoch / options.Epochs,
                    $"epoch {epoch} loss {meanLoss:0.0000} valid ndcg@10 {ndcg:0.0000}{(bothWays ? $" ({SequenceHistoryDecision.NameOf(masked > kept)})" : "")}{(improved ? " *" : "")} {clock.Elapsed.TotalSeconds:0.0}s");
                if (sinceBest >= options.Patience)
                    break;
                if (outOfTime)
                    break;
            }
            // load_state_dict copies the snapshot's values into the live parameters (copy_ under no_grad), so the
            // snapshot may be disposed right after; the trainer's tests check the returned network is the best one.
            if (best is not null)
                net.load_state_dict(best);
        }
        finally
        {
            DisposeAll(best);
            optimizer.Dispose();
            negatives?.Dispose();
        }
        net.eval();
        // Ties keep the history: masking changes what the model serves, so it needs evidence.
        bool maskHistory = bothWays ? bestMasked > bestKept : config.MaskHistory == true;
        net.Config = net.Config with { MaskHistory = maskHistory };
        var history = new SequenceHistoryDecision(options.History, maskHistory, bestKept, bestMasked, SequenceHistoryDecision.RepeatShareOf(split, trainUsers));
        int refitEpochs = 0;
        double refitSeconds = 0;
        if (options.Refit && bestEpoch > 0)
        {
            // The validation targets are each customer's newest purchase before the test one: the model selection
            // held them out, the model a shop serves should not. Same seed, same schedule, the chosen epochs.
            long refitStart = Stopwatch.GetTimestamp();
            var refitted = Refit(split, net.Config, itemFeatures, options, bestEpoch, report, cancel);
            net.Dispose();
            net = refitted;
            scorer = new SequenceNextItemScorer(net);
            refitEpochs = bestEpoch;
            refitSeconds = Stopwatch.GetElapsedTime(refitStart).TotalSeconds;
        }
        report.Now(1, "testing the best epoch");
        RankingMetrics test;
        try
        {
            test = NextItemEvaluator.Evaluate(scorer, split, test: true, done: f => report.IfDue(1, $"testing the best epoch {f:P0}"), cancellation: cancel);
        }
        catch
        {
            net.Dispose(); // cancelled: no one receives the network
            throw;
        }
        return new SequenceTrainingResult
        {
            Network = net,
            Options = options,
            EpochsRun = epochsRun,
            BestEpoch = bestEpoch,
            SecondsPerEpoch = trainSeconds / Math.Max(epochsRun, 1),
            CpuSecondsPerEpoch = trainCpuSeconds / Math.Max(epochsRun, 1),
            ValidationSecondsPerEpoch = validSeconds / Math.Max(validations, 1),
            BestValidNdcg10 = bestNdcg,
            Test = test,
            PopularityTest = PopularityBaseline.Evaluate(split, itemCount, test: true),
            EpochLoss = losses,
            EpochValidNdcg10 = valid,
            History = history,
            RefitEpochs = refitEpochs,
            RefitSeconds = refitSeconds,
        };
    }

    /// <summary>A new network trained from the same seed on <paramref name="split"/> with the validation targets in
    /// training (<see cref="LeaveLastOut.WithValidationInTraining"/>) for <paramref name="epochs"/> epochs, in eval mode.</summary>
    private static SequenceTransformer Refit(LeaveLastOut split, SequenceModelConfig config, ItemFeatureTable? itemFeatures, SequenceModelOptions options,
                                             int epochs, SequenceProgress report, CancellationToken cancel)
    {
        var refit = split.WithValidationInTraining();
        var users = new List<int>();
        for (int u = 0; u < refit.Sequences.Count; u++)
        {
            if (refit.TrainOf(u).Length >= 2)
                users.Add(u);
        }
        torch.manual_seed(options.Seed);
        var rng = new SeededRandom(options.Seed);
        var net = new SequenceTransformer(config, itemFeatures);
        using var negatives = options.Loss == SequenceLoss.Sampled ? NegativeSource.Create(refit, users, config.ItemCount, options) : null;
        var optimizer = CreateOptimizer(net, options);
        long step = 0;
        try
        {
            for (int epoch = 1; epoch <= epochs; epoch++)
            {
                cancel.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                double loss = TrainEpoch(net, optimizer, refit, users, negatives, options, "refit epoch", epoch, epochs, ref step, ref rng, report, cancel);
                report.Result((double)epoch / epochs, $"refit epoch {epoch} of {epochs} loss {loss:0.0000} {clock.Elapsed.TotalSeconds:0.0}s");
            }
        }
        catch
        {
            net.Dispose();
            throw;
        }
        finally
        {
            optimizer.Dispose();
        }
        net.eval();
        return net;
    }

    /// <summary>One pass over <paramref name="trainUsers"/>' training sequences of <paramref name="split"/> in shuffled
    /// length batches; returns the mean loss. <paramref name="step"/> counts batches across epochs for the learning-rate
    /// schedule, whose horizon is always <see cref="SequenceModelOptions.Epochs"/> epochs, so a refit for fewer epochs
    /// follows the selection run's rates.</summary>
    private static double TrainEpoch(SequenceTransformer net, optim.Optimizer optimizer, LeaveLastOut split, List<int> trainUsers,
                                     NegativeSource? negatives, SequenceModelOptions options, string label, int epoch, int epochsPlanned,
                                     ref long step, ref SeededRandom rng, SequenceProgress report, CancellationToken cancel)
    {
        var config = net.Config;
        bool scheduled = options.Schedule != SequenceLearningRateSchedule.Constant || options.WarmupSteps > 0;
        int bs = options.BatchSize;
        var inputBuf = new long[bs * config.MaxLength];
        var targetBuf = new long[bs * config.MaxLength];
        net.train();
        double lossSum = 0;
        int steps = 0;
        var batches = LengthBatches.Shuffled(trainUsers, u => split.TrainOf(u).Length, bs, ref rng);
        report.Now((epoch - 1.0) / epochsPlanned, $"{label} {epoch}: {batches.Count:N0} batches of {trainUsers.Count:N0} customers");
        foreach (var batch in batches)
        {
            cancel.ThrowIfCancellationRequested();
            // An epoch of millions of customers takes minutes: a line (or the bar) moves within it.
            if (report.Due)
                report.Now((epoch - 1 + (double)steps / batches.Count) / epochsPlanned,
                    $"{label} {epoch} batch {steps:N0}/{batches.Count:N0} loss {lossSum / Math.Max(steps, 1):0.0000}");
            if (scheduled)
            {
                double rate = options.LearningRate * SequenceLearningRate.Factor(options.Schedule, options.WarmupSteps, step, (long)options.Epochs * batches.Count);
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = rate;
            }
            step++;
            int b = batch.Length;
            int longest = 0;
            foreach (var u in batch)
                longest = Math.Max(longest, split.TrainOf(u).Length);
            // Padded only to this batch's longest row: next-item rows are one shorter than the sequence.
            int l = Math.Min(config.MaxLength, config.Kind == SequenceModelKind.SasRec ? longest - 1 : longest);
            for (int r = 0; r < b; r++)
            {
                var seq = split.TrainOf(batch[r]);
                if (config.Kind == SequenceModelKind.SasRec)
                    SequenceTokens.FillNextItemRow(inputBuf.AsSpan(r * l, l), targetBuf.AsSpan(r * l, l), seq);
                else
                    SequenceTokens.FillMaskedRow(inputBuf.AsSpan(r * l, l), targetBuf.AsSpan(r * l, l), seq, config, options.MaskProbability, ref rng);
            }
            using var scope = NewDisposeScope();
            var input = tensor(inputBuf.AsSpan(0, b * l).ToArray(), [b, l]);
            var target = tensor(targetBuf.AsSpan(0, b * l).ToArray(), [b, l]);
            var (loss, lossValue) = Loss(net, input, target, options, negatives, ref rng);
            optimizer.zero_grad();
            loss.backward();
            if (options.ClipNorm > 0)
                nn.utils.clip_grad_norm_(net.parameters(), options.ClipNorm);
            optimizer.step();
            lossSum += lossValue;
            steps++;
        }
        return lossSum / Math.Max(steps, 1);
    }

    /// <summary>The training loss of one batch (a tensor to back-propagate and its value); positions whose target
    /// is 0 (padding, unmasked) do not count.</summary>
    private static (Tensor Loss, double Value) Loss(SequenceTransformer net, Tensor input, Tensor target, SequenceModelOptions options,
                                                    NegativeSource? negativeSource, ref SeededRandom rng)
    {
        var hidden = net.forward(input);
        var where = target.ne(0);
        var h = hidden.index(where);              // [N, dim]
        var t = target.index(where);              // [N] tokens 1..n
        int n = net.Config.ItemCount;
        switch (options.Loss)
        {
            case SequenceLoss.Full:
                return ChunkedSoftmaxLoss.Compute(h, net.ItemTable, t - 1, options.LabelSmoothing);
            case SequenceLoss.Sampled:
                {
                    var source = negativeSource!;
                    if (options.NegativesPerPosition)
                        return PerPositionSampledSoftmax(net, h, t, source, ref rng);
                    var negatives = new long[source.Count];
                    for (int i = 0; i < negatives.Length; i++)
                        negatives[i] = source.DrawToken(ref rng);
                    var neg = tensor(negatives);
                    var posLogit = (h * net.EmbedTokens(t)).sum(1, keepdim: true);
                    var negLogits = h.matmul(net.EmbedTokens(neg).t());
                    if (source.LogKq is { } logKq)
                        negLogits = negLogits.sub(logKq.index_select(0, neg).unsqueeze(0));
                    // A sampled "negative" equal to the target is no negative: drop it from the softmax.
                    negLogits = negLogits.masked_fill(neg.unsqueeze(0).eq(t.unsqueeze(1)), float.NegativeInfinity);
                    var logits = cat([posLogit, negLogits], 1);
                    var ce = nn.functional.cross_entropy(logits, zeros(t.shape[0], dtype: ScalarType.Int64));
                    return (ce, ce.item<float>());
                }
            default:
                {
                    var negatives = new long[t.shape[0]];
                    for (int i = 0; i < negatives.Length; i++)
                        negatives[i] = rng.NextInt(1, n + 1);
                    var neg = tensor(negatives);
                    var posLogit = (h * net.EmbedTokens(t)).sum(1);
                    var negLogit = (h * net.EmbedTokens(neg)).sum(1);
                    var keep = neg.ne(t).to_type(ScalarType.Float32);
                    var negLoss = -(nn.functional.logsigmoid(-negLogit) * keep);
                    var bce = (-nn.functional.logsigmoid(posLogit) + negLoss).mean();
                    return (bce, bce.item<float>());
                }
        }
    }

    /// <summary>Sampled softmax with its own <see cref="NegativeSource.Count"/> negatives for each of the N positions
    /// of <paramref name="h"/> [N, dim] (targets <paramref name="t"/> [N] tokens).</summary>
    private static (Tensor Loss, double Value) PerPositionSampledSoftmax(SequenceTransformer net, Tensor h, Tensor t, NegativeSource source, ref SeededRandom rng)
    {
        long n = t.shape[0];
        int k = source.Count;
        var negatives = new long[n * k];
        for (long i = 0; i < negatives.Length; i++)
            negatives[i] = source.DrawToken(ref rng);
        var neg = tensor(negatives, [n, k]);
        var posLogit = (h * net.EmbedTokens(t)).sum(1, keepdim: true);                          // [N, 1]
        var negLogits = net.EmbedTokens(neg).bmm(h.unsqueeze(2)).squeeze(2);                     // [N, k]
        if (source.LogKq is { } logKq)
            negLogits = negLogits.sub(logKq.index_select(0, neg.reshape(-1)).view(n, k));
        negLogits = negLogits.masked_fill(neg.eq(t.unsqueeze(1)), float.NegativeInfinity);
        var logits = cat([posLogit, negLogits], 1);
        var ce = nn.functional.cross_entropy(logits, zeros(n, dtype: ScalarType.Int64));
        return (ce, ce.item<float>());
    }

    /// <summary>AdamW over all parameters; without <see cref="SequenceModelOptions.DecayEmbeddings"/> the embedding
    /// tables form a second group with no weight decay.</summary>
    private static optim.Optimizer CreateOptimizer(SequenceTransformer net, SequenceModelOptions options)
    {
        if (options.DecayEmbeddings)
            return optim.AdamW(net.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        var embedding = new HashSet<IntPtr>();
        foreach (var p in net.EmbeddingParameters())
            embedding.Add(p.Handle);
        var decayed = new List<TorchSharp.Modules.Parameter>();
        var plain = new List<TorchSharp.Modules.Parameter>();
        foreach (var p in net.parameters())
            (embedding.Contains(p.Handle) ? plain : decayed).Add(p);
        return optim.AdamW(
            [
                new TorchSharp.Modules.AdamW.ParamGroup(decayed, new TorchSharp.Modules.AdamW.Options { weight_decay = options.WeightDecay }),
                new TorchSharp.Modules.AdamW.ParamGroup(plain, new TorchSharp.Modules.AdamW.Options { weight_decay = 0 }),
            ],
            options.LearningRate, weight_decay: options.WeightDecay);
    }

    private static Dictionary<string, Tensor> Snapshot(SequenceTransformer net)
    {
        var copy = new Dictionary<string, Tensor>();
        foreach (var (name, value) in net.state_dict())
            copy[name] = value.detach().clone();
        return copy;
    }

    private static void DisposeAll(Dictionary<string, Tensor>? state)
    {
        if (state is null)
            return;
        foreach (var t in state.Values)
            t.Dispose();
        state.Clear();
    }
}
