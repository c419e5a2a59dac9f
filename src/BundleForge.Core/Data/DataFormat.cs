namespace BundleForge.Data;

/// <summary>Input formats BundleForge reads; <see cref="Auto"/> recognises canonical, Online Retail and DuckDB stores.</summary>
public enum DataFormat
{
    Auto,
    Canonical,
    OnlineRetail,
    Fimi,
    SeqRec,
    SasRec,
    CrossCbr,
    DuckDb,
}

/// <summary>Names of <see cref="DataFormat"/> as the CLI spells them.</summary>
public static class DataFormatNames
{
    public const string Help = "auto, canonical, online-retail, fimi, seqrec, sasrec, crosscbr, duckdb";

    public static DataFormat Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => DataFormat.Auto,
        "canonical" => DataFormat.Canonical,
        "online-retail" or "onlineretail" => DataFormat.OnlineRetail,
        "fimi" => DataFormat.Fimi,
        "seqrec" => DataFormat.SeqRec,
        "sasrec" => DataFormat.SasRec,
        "crosscbr" => DataFormat.CrossCbr,
        "duckdb" => DataFormat.DuckDb,
        _ => throw new DataException($"Unknown format '{name}'. Use one of: {Help}.", field: "--format"),
    };

    public static string NameOf(DataFormat f) => f switch
    {
        DataFormat.OnlineRetail => "online-retail",
        _ => f.ToString().ToLowerInvariant(),
    };
}
