using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BundleForge.Embeddings;

/// <summary>What a training run produced and how fast it went.</summary>
public sealed record Item2VecTrainingResult(ItemEmbeddings Embeddings, int VocabularySize, long RawTokens, double Seconds)
{
    /// <summary>Item occurrences in the training data × epochs ÷ training seconds (word2vec's raw-words rate).</summary>
    public double WordsPerSecond(int epochs) => Seconds > 0 ? RawTokens * (double)epochs / Seconds : 0;
}

/// <summary>Skip-gram with negative sampling over baskets and user histories, trained with lock-free (Hogwild)
/// SGD over shared float matrices; one thread with <see cref="Item2VecOptions.Deterministic"/> is reproducible.</summary>
public sealed class Item2VecTrainer
{
    private const int ProgressChunk = 10_000;

    private readonly TrainingCorpus _corpus;
    private readonly Item2VecOptions _o;
    private readonly int _dim;
    private readonly int _negativeCount;
    private readonly float[] _syn0;
    private readonly float[] _syn1;
    private readonly float[] _keep;
    private readonly NegativeSamplingTable _negatives;
    private readonly SigmoidTable _sigmoid = new();
    private readonly long _totalWork;
    private readonly bool _pair64;
    private long _done;

    private Item2VecTrainer(TrainingCorpus corpus, Item2VecOptions options)
    {
        _corpus = corpus;
        _o = options;
        _dim = options.Dimensions;
        _negativeCount = options.Negatives;
        int v = corpus.VocabularySize;
        _syn0 = new float[(long)v * _dim];
        _syn1 = new float[(long)v * _dim];
        ulong rng = Seed(options.Seed, 0x5EED);
        for (int i = 0; i < _syn0.Length; i++)
        {
            rng = Next(rng);
            _syn0[i] = (((rng >> 16) & 0xFFFF) / 65536f - 0.5f) / _dim;
        }
        _negatives = new NegativeSamplingTable(corpus.Counts);
        _keep = KeepProbabilities(corpus.Counts, options.Sample);
        _totalWork = Math.Max(1, corpus.Tokens.LongLength * options.Epochs);
        _pair64 = SgnsKernel.HasPair64(_dim);
    }

    /// <summary>Trains item vectors for <paramref name="itemCount"/> dense items on <paramref name="corpus"/>.</summary>
    public static Item2VecTrainingResult Train(TrainingCorpus corpus, int itemCount, Item2VecOptions options,
        IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        if (corpus.VocabularySize == 0 || corpus.SentenceCount == 0)
            throw new DataException($"item2vec has nothing to train on: no basket or history has two items seen at least {options.MinCount} times.");
        var t = new Item2VecTrainer(corpus, options);
        var clock = Stopwatch.StartNew();
        int threads = options.Deterministic ? 1 : Math.Min(options.Threads, corpus.SentenceCount);
        var bounds = Partition(corpus, threads, options.Window, options.BasketContextLimit);
        if (threads == 1)
            t.Work(0, bounds[0], bounds[1], progress, cancel);
        else
        {
            var workers = new Thread[threads];
            Exception? failure = null;
            for (int w = 0; w < threads; w++)
            {
                int id = w;
                workers[w] = new Thread(() =>
                {
                    try
                    { t.Work(id, bounds[id], bounds[id + 1], id == 0 ? progress : null, cancel); }
                    catch (Exception e) { failure ??= e; }
                })
                { IsBackground = true, Name = $"item2vec-{w}" };
                workers[w].Start();
            }
            foreach (var w in workers)
                w.Join();
            if (failure is not null)
                throw failure is OperationCanceledException ? new OperationCanceledException() : new InvalidOperationException("item2vec worker failed", failure);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        progress?.Report(new ProgressUpdate("item2vec", 1, $"{seconds:0.0}s"));
        return new Item2VecTrainingResult(t.Scatter(itemCount), corpus.VocabularySize, corpus.RawTokens, seconds);
    }

    private ItemEmbeddings Scatter(int itemCount)
    {
        var input = new float[(long)itemCount * _dim];
        var output = new float[(long)itemCount * _dim];
        var source = new ItemVectorSource[itemCount];
        var counts = new long[itemCount];
        for (int v = 0; v < _corpus.VocabularySize; v++)
        {
            int i = _corpus.VocabToItem[v];
            _syn0.AsSpan(v * _dim, _dim).CopyTo(input.AsSpan(i * _dim, _dim));
            _syn1.AsSpan(v * _dim, _dim).CopyTo(output.AsSpan(i * _dim, _dim));
            source[i] = ItemVectorSource.Trained;
            counts[i] = _corpus.Counts[v];
        }
        return new ItemEmbeddings(_dim, input, output, source, counts);
    }

    /// <summary>Contiguous sentence ranges with about equal work per worker: pairs trained, not tokens.</summary>
    /// <remarks>A short basket trains all its pairs, about one per token, while a history trains up to 2·window
    /// neighbours per token, and the corpus puts the baskets first: an equal-token split left the second worker the
    /// histories and 40% of a 50 M-line run's item2vec to do alone.</remarks>
    internal static int[] Partition(TrainingCorpus c, int parts, int window, int basketLimit)
    {
        var bounds = new int[parts + 1];
        long total = 0;
        for (int s = 0; s < c.SentenceCount; s++)
            total += PairsOf(c, s, window, basketLimit);
        long done = 0;
        int next = 0;
        for (int p = 1; p < parts; p++)
        {
            long goal = total * p / parts;
            while (next < c.SentenceCount && done < goal)
                done += PairsOf(c, next++, window, basketLimit);
            bounds[p] = next;
        }
        bounds[parts] = c.SentenceCount;
        return bounds;
    }

    /// <summary>The pairs a sentence trains before subsampling, on average: all ordered pairs of a short basket, else
    /// about window + 1 neighbours per token (the window is drawn from 1..window on each side).</summary>
    internal static long PairsOf(TrainingCorpus c, int s, int window, int basketLimit)
    {
        long n = c.Offsets[s + 1] - c.Offsets[s];
        if (n < 2)
            return 1;
        return c.IsBasket[s] && n <= basketLimit ? n * (n - 1) : n * Math.Min(n - 1, window + 1);
    }

    /// <summary>word2vec's subsampling: keep an occurrence with probability (√(f/(s·N)) + 1)·(s·N)/f.</summary>
    private static float[] KeepProbabilities(long[] counts, double sample)
    {
        var keep = new float[counts.Length];
        long total = 0;
        foreach (var c in counts)
            total += c;
        double threshold = sample * total;
        for (int v = 0; v < counts.Length; v++)
            keep[v] = sample <= 0 ? 1f : (float)Math.Min(1.0, (Math.Sqrt(counts[v] / threshold) + 1) * threshold / counts[v]);
        return keep;
    }

    private void Work(int worker, int first, int last, IProgress<ProgressUpdate>? progress, CancellationToken cancel)
    {
        ulong rng = Seed(_o.Seed, (ulong)worker + 1);
        int longest = 0;
        for (int s = first; s < last; s++)
            longest = Math.Max(longest, _corpus.Offsets[s + 1] - _corpus.Offsets[s]);
        var buffer = new int[Math.Max(longest, 1)];
        var gradient = new float[_dim];
        var targets = new int[_negativeCount + 1];
        float alpha0 = _o.Alpha, alphaMin = _o.MinAlpha;
        float alpha = alpha0;
        int window = _o.Window, limit = _o.BasketContextLimit;
        long pending = 0;

        for (int epoch = 0; epoch < _o.Epochs; epoch++)
        {
            for (int s = first; s < last; s++)
            {
                var sentence = _corpus[s];
                int n = 0;
                foreach (var v in sentence)
                {
                    rng = Next(rng);
                    if (_keep[v] < 1f && _keep[v] < ((rng >> 16) & 0xFFFF) / 65536f)
                        continue;
                    buffer[n++] = v;
                }
                pending += sentence.Length;
                if (n >= 2)
                {
                    var kept = buffer.AsSpan(0, n);
                    if (_corpus.IsBasket[s] && n <= limit)
                    {
                        for (int i = 0; i < n; i++)
                            for (int j = 0; j < n; j++)
                                if (i != j)
                                    rng = TrainPair(kept[i], kept[j], alpha, gradient, targets, rng);
                    }
                    else
                    {
                        if (_corpus.IsBasket[s])
                            for (int i = n - 1; i > 0; i--)
                            {
                                rng = Next(rng);
                                int k = (int)((rng >> 16) % (ulong)(i + 1));
                                (kept[i], kept[k]) = (kept[k], kept[i]);
                            }
                        for (int i = 0; i < n; i++)
                        {
                            rng = Next(rng);
                            int w = window - (int)((rng >> 16) % (ulong)window);
                            int lo = Math.Max(0, i - w), hi = Math.Min(n - 1, i + w);
                            for (int j = lo; j <= hi; j++)
                                if (j != i)
                                    rng = TrainPair(kept[i], kept[j], alpha, gradient, targets, rng);
                        }
                    }
                }
                if (pending >= ProgressChunk)
                {
                    long done = Interlocked.Add(ref _done, pending);
                    pending = 0;
                    double f = Math.Min(1.0, done / (double)_totalWork);
                    alpha = Math.Max(alphaMin, alpha0 - (alpha0 - alphaMin) * (float)f);
                    cancel.ThrowIfCancellationRequested();
                    progress?.Report(new ProgressUpdate("item2vec", f, $"epoch {epoch + 1}/{_o.Epochs} alpha {alpha:0.00000}"));
                }
            }
        }
        Interlocked.Add(ref _done, pending);
    }

    /// <summary>One positive pair and its negatives: the context's input vector predicts the centre item through the
    /// output vectors. Races between workers are tolerated by design (Hogwild).</summary>
    private ulong TrainPair(int center, int context, float alpha, float[] gradientBuffer, int[] targetBuffer, ulong rng)
    {
        int d = _dim;
        int count = 1;
        targetBuffer[0] = center;
        for (int k = 0; k < _negativeCount; k++)
        {
            rng = Next(rng);
            int target = _negatives.Draw(rng);
            if (target != center)
                targetBuffer[count++] = target;
        }
        var targets = new ReadOnlySpan<int>(targetBuffer, 0, count);
        if (_pair64)
        {
            SgnsKernel.Pair64(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_syn0), (nint)context * 64),
                ref MemoryMarshal.GetArrayDataReference(_syn1), targets, alpha, _sigmoid);
            return rng;
        }
        var l1 = _syn0.AsSpan(context * d, d);
        var gradient = gradientBuffer.AsSpan();
        gradient.Clear();
        float label = 1f;
        foreach (var target in targets)
        {
            SgnsKernel.Step(l1, _syn1.AsSpan(target * d, d), gradient, label, alpha, _sigmoid);
            label = 0f;
        }
        TensorPrimitives.Add(l1, gradient, l1);
        return rng;
    }

    private static ulong Next(ulong x) => x * 25214903917UL + 11UL;

    private static ulong Seed(int seed, ulong stream)
    {
        ulong z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + stream * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
