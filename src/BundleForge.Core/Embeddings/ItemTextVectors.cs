using System.IO.Hashing;
using System.Text;
using BundleForge.Artifacts;
using BundleForge.Data;

namespace BundleForge.Embeddings;

/// <summary>Unit-length vectors of each catalog item's text (title, category, brand) computed by a pretrained sentence
/// encoder, with the encoder's name and a hash of each item's text, so a retrained model reuses the vectors of items
/// whose text did not change. The encoder itself lives outside the core (BundleForge.Text); once computed, the vectors
/// are plain numbers every host can use (substitutes, the bundle composer's veto) without it.
/// File (see <see cref="ArtifactCodec"/>): "BFTEXTV" magic, version, the encoder name, rows and dimensions, each row's
/// item id and text hash, then rows × dimensions float32.</summary>
public sealed class ItemTextVectors
{
    /// <summary>The model folder component that holds the vectors.</summary>
    public const string Component = "text";
    /// <summary>The vector file of the component.</summary>
    public const string VectorsFile = "vectors.bin";
    /// <summary>Basket co-occurrence counts stored beside the vectors, so substitutes (close in text, seldom bought
    /// together) and complements are answered from the component alone.</summary>
    public const string CooccurrenceFileName = "cooccurrence.bin";

    private static ReadOnlySpan<byte> Magic => "BFTEXTV\0"u8;
    private const int FormatVersion = 1;

    /// <summary>Vectors of <paramref name="itemIds"/> (row-major, unit length or all zero for an item without text).</summary>
    public ItemTextVectors(string encoder, string[] itemIds, ulong[] textHashes, float[] vectors, int dimensions)
    {
        if (dimensions < 1 || textHashes.Length != itemIds.Length || (long)itemIds.Length * dimensions != vectors.Length)
            throw new ArgumentException("One text hash and one row of dimensions floats per item are required.");
        Encoder = encoder;
        ItemIds = itemIds;
        TextHashes = textHashes;
        Vectors = vectors;
        Dimensions = dimensions;
    }

    /// <summary>The encoder that computed the vectors (vectors of two encoders are never mixed).</summary>
    public string Encoder { get; }
    /// <summary>The shop's item id per row (the catalog's dense order).</summary>
    public string[] ItemIds { get; }
    /// <summary>The hash (<see cref="HashOf"/>) of the text each row was computed from.</summary>
    public ulong[] TextHashes { get; }
    /// <summary>Rows × <see cref="Dimensions"/> floats.</summary>
    public float[] Vectors { get; }
    public int Dimensions { get; }
    public int Count => ItemIds.Length;

    /// <summary>The unit vector of <paramref name="item"/> (all zero when the item had no text).</summary>
    public ReadOnlySpan<float> VectorOf(int item) => Vectors.AsSpan(item * Dimensions, Dimensions);

    /// <summary>The text an item is encoded from: its title, then its category path and brand when the catalog has
    /// them ("PAPER CHAIN KIT. Home › Christmas. Acme"); empty when it has none of them.</summary>
    public static string TextOf(ItemCatalog catalog, int item)
    {
        var sb = new StringBuilder();
        void Add(string? part)
        {
            if (string.IsNullOrWhiteSpace(part))
                return;
            if (sb.Length > 0)
                sb.Append(". ");
            sb.Append(part.Trim());
        }
        Add(catalog.Titles[item]);
        Add(catalog.Categories[item]?.Replace(">", " › "));
        Add(catalog.Brands[item]);
        return sb.ToString();
    }

    /// <summary>A stable 64-bit hash of an item's text (XxHash64 of its UTF-8 bytes).</summary>
    public static ulong HashOf(string text) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text));

    /// <summary>Writes the vector file.</summary>
    public void Save(string path)
    {
        using var w = ArtifactCodec.Create(path, Magic, FormatVersion);
        w.Write(Encoder);
        w.Write(Count);
        w.Write(Dimensions);
        w.WriteStrings(ItemIds);
        w.WriteFixed<ulong>(TextHashes);
        w.WriteFixed<float>(Vectors);
    }

    /// <summary>Reads a vector file; a damaged or foreign file is a <see cref="DataException"/> naming it.</summary>
    public static ItemTextVectors Read(string path)
    {
        using var r = ArtifactCodec.Open(path, Magic, FormatVersion, "text vector");
        string encoder = r.ReadString();
        int rows = r.ReadCount(1 + 8);
        int dimensions = r.ReadInt32();
        if (dimensions is < 1 or > 65_536)
            throw r.Corrupt($"{dimensions} dimensions");
        var ids = r.ReadStrings(rows);
        var hashes = r.ReadFixed<ulong>(rows);
        var vectors = r.ReadFixed<float>((long)rows * dimensions);
        r.ExpectEnd();
        foreach (var v in vectors)
            if (!float.IsFinite(v))
                throw r.Corrupt("a vector value that is not a finite number");
        return new ItemTextVectors(encoder, ids, hashes, vectors, dimensions);
    }

    /// <summary>The text vectors of a verified model folder, read once per reader; they must cover
    /// <paramref name="catalog"/>'s items in its order.</summary>
    public static ItemTextVectors Load(ModelReader reader, ItemCatalog catalog)
    {
        var vectors = reader.Shared("text:" + Component, () => Read(reader.PathOf(Component, VectorsFile)));
        if (!vectors.ItemIds.AsSpan().SequenceEqual(catalog.Ids))
            throw new DataException("The text vectors were computed for other items than the model's catalog; train both in one run.", reader.PathOf(Component, VectorsFile));
        return vectors;
    }

    /// <summary>The basket co-occurrence counts stored with the vectors, read once per reader.</summary>
    public static ItemCooccurrence LoadCooccurrence(ModelReader reader, int items) =>
        reader.Shared("text:" + CooccurrenceFileName, () => CooccurrenceFile.Read(reader.PathOf(Component, CooccurrenceFileName), items));
}
