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

    /// <summary>Parses an optional integer query parameter in [min, max].</summary>
    public static string? IntError(string? raw, string name, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (raw is null)
            return null;
        if (!int.TryParse(raw, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            value = fallback;
            return $"{name} must be an integer from {min} to {max}.";
        }
        return null;
    }
}
