using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BundleForge.Server.Api;

/// <summary>Reads a request body as JSON within the size limit, so every malformed, oversized or mistyped body gets
/// a clear 4xx instead of a framework error.</summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16, CommentHandling = JsonCommentHandling.Disallow };

    public static async Task<(JsonDocument? Document, IResult? Error)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancel)
    {
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.UnsupportedMediaType($"The body must be JSON (Content-Type: application/json), not '{type}'."));
        if (request.ContentLength > maxBytes)
            return (null, Problems.TooLarge($"The body is larger than the limit of {maxBytes} bytes."));
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancel)) > 0)
            {
                if (buffer.Length + read > maxBytes) return (null, Problems.TooLarge($"The body is larger than the limit of {maxBytes} bytes."));
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            return (null, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? Problems.TooLarge($"The body is larger than the limit of {maxBytes} bytes.")
                : Problems.BadRequest("The request body could not be read."));
        }
        if (buffer.Length == 0) return (null, Problems.BadRequest("The request body is empty; a JSON object is expected."));
        try
        {
            return (JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), Options), null);
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest($"The body is not valid JSON: {e.Message}"));
        }
    }

    /// <summary>A string property, or an error when it has another type.</summary>
    public static string? OptionalString(JsonElement obj, string name, string where, out string? error)
    {
        error = null;
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) { error = $"{where}{name} must be a string, not {Kind(v)}."; return null; }
        return v.GetString();
    }

    /// <summary>An array of strings, or an error.</summary>
    public static string[]? OptionalStrings(JsonElement obj, string name, string where, int max, out string? error)
    {
        error = null;
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Array) { error = $"{where}{name} must be an array of strings, not {Kind(v)}."; return null; }
        int n = v.GetArrayLength();
        if (n > max) { error = $"{where}{name} has {n} entries; at most {max} are allowed."; return null; }
        var result = new string[n];
        int x = 0;
        foreach (var e in v.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.String) { error = $"{where}{name}[{x}] must be a string, not {Kind(e)}."; return null; }
            result[x++] = e.GetString()!;
        }
        return result;
    }

    /// <summary>A number property, or an error.</summary>
    public static double? OptionalNumber(JsonElement obj, string name, string where, out string? error)
    {
        error = null;
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d)) { error = $"{where}{name} must be a number, not {Kind(v)}."; return null; }
        return d;
    }

    /// <summary>An integer property in [min, max], or an error.</summary>
    public static int? OptionalInt(JsonElement obj, string name, string where, int min, int max, out string? error)
    {
        error = null;
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i) || i < min || i > max) { error = $"{where}{name} must be an integer from {min} to {max}."; return null; }
        return i;
    }

    public static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
