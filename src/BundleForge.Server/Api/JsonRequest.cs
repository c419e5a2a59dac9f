using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Net.Http.Headers;

namespace BundleForge.Server.Api;

/// <summary>Reads a JSON request body within the size limit and deserializes it into its typed record, so every
/// malformed, oversized, undecodable or mistyped body gets a clear 4xx naming what to fix instead of a framework error.
/// The body is checked in one pass first (UTF-8, JSON syntax, depth, string escapes), so deserialization only fails
/// on a value of the wrong type, which is reported with its field.</summary>
internal static class JsonRequest
{
    /// <summary>Deepest nesting accepted (the contracts need 3).</summary>
    public const int MaxDepth = 16;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>A body that passed the checks: its bytes (without a byte order mark) and the kind of its root value.</summary>
    public readonly record struct Body(ReadOnlyMemory<byte> Json, JsonTokenType Root);

    /// <summary>Reads and checks the body; the error is the answer to send when it cannot be used.</summary>
    public static async Task<(Body Body, IResult? Error)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancel)
    {
        if (request.ContentType is { } type)
        {
            if (!type.Contains("json", StringComparison.OrdinalIgnoreCase))
                return (default, Problems.UnsupportedMediaType($"The body must be JSON (Content-Type: application/json), not '{type}'."));
            if (MediaTypeHeaderValue.TryParse(type, out var media) && media.Charset is { Length: > 0 } charset
                && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
                return (default, Problems.UnsupportedMediaType($"The body must be JSON encoded as UTF-8, not {charset}."));
        }
        if (request.ContentLength > maxBytes)
            return (default, Problems.TooLarge($"The body is larger than the limit of {maxBytes} bytes."));
        var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancel)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                    return (default, Problems.TooLarge($"The body is larger than the limit of {maxBytes} bytes."));
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            return (default, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? Problems.TooLarge($"The body is larger than the limit of {maxBytes} bytes.")
                : Problems.BadRequest("The request body could not be read."));
        }
        finally { ArrayPool<byte>.Shared.Return(chunk); }
        var json = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (json.Span.StartsWith(Encoding.UTF8.Preamble))
            json = json[Encoding.UTF8.Preamble.Length..];
        if (json.IsEmpty)
            return (default, Problems.BadRequest("The request body is empty; a JSON object is expected."));
        if (Check(json.Span, out var root) is { } problem)
        {
            request.HttpContext.RequestServices.GetRequiredService<BodyErrorLog>().Undecodable(request.HttpContext, problem);
            return (default, Problems.BadRequest(problem));
        }
        return (new Body(json, root), null);
    }

    /// <summary>Why the body cannot be read as JSON text (not UTF-8, bad syntax, too deep, an escape that decodes to no
    /// character), or null with the kind of its root value.</summary>
    private static string? Check(ReadOnlySpan<byte> json, out JsonTokenType root)
    {
        root = JsonTokenType.None;
        if (!System.Text.Unicode.Utf8.IsValid(json))
            return $"The body is not valid UTF-8: the bytes at offset {FirstInvalidUtf8(json)} cannot be decoded. Send JSON encoded as UTF-8.";
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            while (reader.Read())
            {
                if (root == JsonTokenType.None)
                    root = reader.TokenType;
                // Escapes are only decoded when a value is read: decode the escaped ones here, so an unpaired surrogate
                // (\ud800) is this answer and not an exception inside deserialization.
                if (reader.ValueIsEscaped && reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                    try
                    { reader.GetString(); }
                    catch (InvalidOperationException)
                    {
                        return $"The body holds a string that cannot be decoded at offset {reader.TokenStartIndex}: an escape names half of a UTF-16 surrogate pair.";
                    }
            }
        }
        catch (JsonException e)
        {
            return $"The body is not valid JSON: {e.Message}";
        }
        return null;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int at = 0;
        while (at < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out int used) != OperationStatus.Done)
                return at;
            at += used;
        }
        return at;
    }

    /// <summary>Deserializes a checked body into <typeparamref name="T"/>; a value of the wrong type is an error naming
    /// its field, with <paramref name="rootName"/> standing for a root array (<c>events</c> for <c>$[3]</c>).</summary>
    public static (T? Value, string? Error) Deserialize<T>(Body body, JsonTypeInfo<T> type, string rootName = "")
    {
        try
        { return (JsonSerializer.Deserialize(body.Json.Span, type), null); }
        catch (JsonException e) { return (default, Describe(body, e, rootName)); }
    }

    /// <summary>The message for a value STJ could not convert: "{field} must be {what it must be}, not {what it is}.",
    /// or that the field appears more than once.</summary>
    private static string Describe(Body body, JsonException e, string rootName)
    {
        var path = e.Path ?? "$";
        var field = FieldOf(path, rootName);
        using var doc = JsonDocument.Parse(body.Json);
        var (found, parent, name) = Find(doc.RootElement, path);
        if (parent is { ValueKind: JsonValueKind.Object } p && name is not null)
        {
            int count = 0;
            foreach (var property in p.EnumerateObject())
                if (property.NameEquals(name))
                    count++;
            if (count > 1)
                return $"{field} appears more than once; send each field once.";
        }
        var expected = Expected(path);
        if (expected is null)
            return $"{field} has a value of the wrong type.";
        if (found is not { } value)
            return $"{field} must be {expected}.";
        // "k must be an integer from 1 to 100, not a number" would read oddly for 1.5: name the rule only.
        if (value.ValueKind == JsonValueKind.Number && expected.StartsWith("an integer", StringComparison.Ordinal))
            return $"{field} must be {expected}.";
        // A number where a number belongs that still failed is one a double cannot hold (1e400): out of range, not "a number".
        if (value.ValueKind == JsonValueKind.Number && expected == "a number")
            return $"{field} is out of range: {RequestValidation.Shown(value.GetRawText())} is not a finite number.";
        return $"{field} must be {expected}, not {Kind(value)}.";
    }

    /// <summary>"$.events[1].user_id" → "events[1].user_id"; "$[2].type" → "events[2].type" for root name "events".</summary>
    private static string FieldOf(string path, string rootName)
    {
        var rest = path.StartsWith('$') ? path[1..] : path;
        if (rest.StartsWith('['))
            return rootName + rest;
        return rest.TrimStart('.') is { Length: > 0 } f ? f : "The body";
    }

    /// <summary>What the last named field of a path must hold; null for a field the contracts do not have.</summary>
    private static string? Expected(string path)
    {
        bool element = path.EndsWith(']');
        var trimmed = element ? path[..path.LastIndexOf('[')] : path;
        int dot = trimmed.LastIndexOf('.');
        var name = dot >= 0 ? trimmed[(dot + 1)..] : "";
        if (trimmed == "$")
            name = "events";
        return (name, element) switch
        {
            ("events", true) => "an event object",
            ("events", false) => "an array of events",
            ("items", true) => "a string",
            ("items", false) => "an array of strings",
            ("k", false) => "an integer from 1 to 100",
            ("price" or "quantity", false) => "a number",
            ("user_id" or "type" or "item_id" or "offer_id" or "event_id" or "mode", false) => "a string",
            _ => null,
        };
    }

    /// <summary>The value at a JSON path of the simple form STJ reports (<c>$.a[1].b</c>), its parent and its name.</summary>
    private static (JsonElement? Value, JsonElement? Parent, string? Name) Find(JsonElement root, string path)
    {
        JsonElement? current = root, parent = null;
        string? name = null;
        int at = 1;
        while (current is { } c && at < path.Length)
        {
            if (path[at] == '.')
            {
                int end = at + 1;
                while (end < path.Length && path[end] is not ('.' or '['))
                    end++;
                name = path[(at + 1)..end];
                parent = c;
                current = c.ValueKind == JsonValueKind.Object && c.TryGetProperty(name, out var v) ? v : null;
                at = end;
            }
            else if (path[at] == '[')
            {
                int end = path.IndexOf(']', at);
                if (end < 0 || !int.TryParse(path.AsSpan(at + 1, end - at - 1), out int index))
                    return (null, null, null);
                parent = c;
                name = null;
                current = c.ValueKind == JsonValueKind.Array && index < c.GetArrayLength() ? c[index] : null;
                at = end + 1;
            }
            else
                return (null, null, null);
        }
        return (current, parent, name);
    }

    /// <summary>A value's kind in words ("an object", "a string" ...).</summary>
    public static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    public static string Kind(JsonElement e) => Kind(e.ValueKind);

    /// <summary>The kind of a root token in words.</summary>
    public static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => "null",
    };
}
