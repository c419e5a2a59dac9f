using BundleForge.Artifacts;

namespace BundleForge.Baseline;

/// <summary>The header of the baseline's three files: the codec's "BFBL" magic and version 1, then the file's kind
/// ("catalog", "cooccurrence", "profiles") as a string, so one file cannot be read as another.</summary>
internal static class BaselineFile
{
    private static ReadOnlySpan<byte> Magic => "BFBL"u8;
    private const int Version = 1;

    public static ArtifactWriter Create(string path, string kind)
    {
        var w = ArtifactCodec.Create(path, Magic, Version);
        w.Write(kind);
        return w;
    }

    public static ArtifactReader Open(string path, string kind)
    {
        var r = ArtifactCodec.Open(path, Magic, Version, $"baseline {kind}");
        try
        {
            var found = r.ReadString();
            if (found != kind)
                throw r.Error($"Expected a baseline '{kind}' file, found '{found}'.");
            return r;
        }
        catch
        {
            r.Dispose();
            throw;
        }
    }
}
