namespace BundleForge.Artifacts;

/// <summary>The one binary format of model artifacts: a magic byte sequence, an int32 format version, then the
/// format's fields written with <see cref="ArtifactWriter"/> (little-endian numbers, length-prefixed or fixed-count
/// arrays, strings with a 7-bit length prefix as <see cref="BinaryWriter"/> writes them). Every artifact file —
/// catalog, rules, vectors, co-occurrences, HNSW graph, bundle pairs and users, the baseline's files — is read back
/// with <see cref="ArtifactReader"/>, which checks every length against the rest of the file, so a damaged or foreign
/// file is a <see cref="DataException"/> naming it, never a crash or a huge allocation.</summary>
internal static class ArtifactCodec
{
    /// <summary>Creates (or replaces) <paramref name="path"/> and writes the header.</summary>
    public static ArtifactWriter Create(string path, ReadOnlySpan<byte> magic, int version) => new(path, magic, version);

    /// <summary>Opens <paramref name="path"/> and checks its header; <paramref name="what"/> names the file in
    /// messages ("rules" gives "Not a BundleForge rules file (bad magic).", "The rules file is truncated.").</summary>
    public static ArtifactReader Open(string path, ReadOnlySpan<byte> magic, int version, string what) => new(path, magic, version, what);
}
