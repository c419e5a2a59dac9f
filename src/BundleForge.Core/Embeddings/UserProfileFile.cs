using System.Text.Json;

namespace BundleForge.Embeddings;

/// <summary>Reads and writes the profiles' JSON file (<c>profiles.json</c>; the vectors live in <c>profiles.vec</c>).</summary>
/// <remarks>Streams both ways: at two million customers the JSON passes a billion characters, more than one .NET string
/// holds, so serialising to a string first failed with an OutOfMemoryException on a machine with memory to spare.</remarks>
public static class UserProfileFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The file's name inside a component's folder.</summary>
    public const string FileName = "profiles.json";

    /// <summary>Writes <paramref name="profiles"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<UserProfile> profiles)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        JsonSerializer.Serialize(stream, profiles, Json);
    }

    /// <summary>Reads the profiles written by <see cref="Write"/>; invalid JSON is a <see cref="DataException"/> naming the file.</summary>
    public static List<UserProfile> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        { return JsonSerializer.Deserialize<List<UserProfile>>(stream, Json) ?? []; }
        catch (JsonException e) { throw new DataException($"{Path.GetFileName(path)} is not valid: {e.Message}", path); }
    }
}
