namespace BundleForge.Embeddings;

/// <summary>Item vectors by dense item id: the SGNS input vectors (similarity), the output vectors (co-occurrence),
/// where each vector came from and how often the item was seen in training.</summary>
public sealed class ItemEmbeddings
{
    public ItemEmbeddings(int dimensions, float[] input, float[] output, ItemVectorSource[] source, long[] counts)
    {
        int n = source.Length;
        if (dimensions < 1)
            throw new ArgumentOutOfRangeException(nameof(dimensions));
        if (input.Length != (long)n * dimensions || output.Length != (long)n * dimensions || counts.Length != n)
            throw new ArgumentException("Vector matrices must be items × dimensions.");
        Dimensions = dimensions;
        Input = input;
        Output = output;
        Source = source;
        Counts = counts;
    }

    public int Dimensions { get; }
    public int Count => Source.Length;
    /// <summary>Row-major items × dimensions input ("word") vectors.</summary>
    public float[] Input { get; }
    /// <summary>Row-major items × dimensions output ("context") vectors; zero for content-based items.</summary>
    public float[] Output { get; }
    public ItemVectorSource[] Source { get; }
    /// <summary>Training occurrences per item.</summary>
    public long[] Counts { get; }

    public bool HasVector(int item) => (uint)item < (uint)Count && Source[item] != ItemVectorSource.None;

    public ReadOnlySpan<float> InputOf(int item) => Input.AsSpan(item * Dimensions, Dimensions);
    public ReadOnlySpan<float> OutputOf(int item) => Output.AsSpan(item * Dimensions, Dimensions);
}
