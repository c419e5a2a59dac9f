namespace BundleForge;

/// <summary>A user mistake in input data or arguments: carries the file, line and field at fault and a plain message.
/// The CLI prints it as one line and exits with code 2.</summary>
public sealed class DataException : Exception
{
    public DataException(string message, string? file = null, long? line = null, string? field = null, Exception? inner = null)
        : base(Compose(message, file, line, field), inner)
    {
        File = file;
        Line = line;
        Field = field;
        Reason = message;
    }

    public string? File { get; }
    public long? Line { get; }
    public string? Field { get; }
    /// <summary>The message without the location prefix.</summary>
    public string Reason { get; }

    private static string Compose(string message, string? file, long? line, string? field)
    {
        var where = new List<string>(3);
        if (file is not null)
            where.Add(file);
        if (line is not null)
            where.Add($"line {line}");
        if (field is not null)
            where.Add($"field '{field}'");
        return where.Count == 0 ? message : $"{string.Join(", ", where)}: {message}";
    }
}
