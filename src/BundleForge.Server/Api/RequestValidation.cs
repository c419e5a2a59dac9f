namespace BundleForge.Server.Api;

/// <summary>Checks of ids and numeric parameters, each failure a message that names the parameter and the rule.</summary>
internal static class RequestValidation
{
    /// <summary>An id is 1 to <paramref name="maxLength"/> characters without control characters, slashes or
    /// backslashes (plain or percent-encoded), and not "." or ".." (ids are never paths, so anything path-like is a client mistake).</summary>
    public static string? IdError(string? id, string name, int maxLength)
    {
        if (string.IsNullOrEmpty(id))
            return $"{name} is required.";
        if (id.Length > maxLength)
            return $"{name} is longer than {maxLength} characters.";
        if (id is "." or "..")
            return $"{name} may not be '.' or '..'.";
        foreach (var c in id)
            if (char.IsControl(c) || c is '/' or '\\')
                return $"{name} may not contain control characters, '/' or '\\'.";
        if (id.Contains("%2f", StringComparison.OrdinalIgnoreCase) || id.Contains("%5c", StringComparison.OrdinalIgnoreCase))
            return $"{name} may not contain encoded path separators.";
        if (string.IsNullOrWhiteSpace(id))
            return $"{name} may not be blank.";
        return null;
    }

    /// <summary>Parses an optional integer query parameter in [min, max]; absent or empty (<c>k=</c>) means the default.</summary>
    public static string? IntError(string? raw, string name, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        if (!int.TryParse(raw, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            value = fallback;
            return $"{name} must be an integer from {min} to {max}, not '{Shown(raw)}'.";
        }
        return null;
    }

    /// <summary>A client's value quoted in an error: control characters replaced and cut to 40 characters.</summary>
    public static string Shown(string value)
    {
        var sb = new System.Text.StringBuilder(Math.Min(value.Length, 41));
        foreach (var c in value)
        {
            if (sb.Length == 40)
            {
                sb.Append('…');
                break;
            }
            sb.Append(char.IsControl(c) ? '?' : c);
        }
        return sb.ToString();
    }
}
