using BundleForge.Embeddings;
using BundleForge.Training;

namespace BundleForge.Text;

/// <summary>What computing the text vectors measured.</summary>
public sealed record TextModelReport : ModelReport
{
    /// <inheritdoc />
    public override string Component => ItemTextVectors.Component;
    /// <summary>The encoder that computed the vectors.</summary>
    public required string Encoder { get; init; }
    /// <summary>Catalog items.</summary>
    public required int Items { get; init; }
    /// <summary>Items whose text was encoded in this run.</summary>
    public required int Encoded { get; init; }
    /// <summary>Items whose vector was reused from the previous model folder (text unchanged).</summary>
    public required int Reused { get; init; }
    /// <summary>Items without any text (a zero vector).</summary>
    public required int WithoutText { get; init; }
    /// <summary>Wall time of the encoding (model load excluded).</summary>
    public required double EncodeSeconds { get; init; }
    /// <summary>Encoded texts per second of <see cref="EncodeSeconds"/>.</summary>
    public double TextsPerSecond => EncodeSeconds > 0 ? Encoded / EncodeSeconds : 0;
    /// <summary>Wall time of the whole model (load, encode, write).</summary>
    public required double Seconds { get; init; }
}
