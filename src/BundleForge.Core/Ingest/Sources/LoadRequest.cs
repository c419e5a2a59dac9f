using BundleForge.Data;

namespace BundleForge.Ingest.Sources;

/// <summary>What to load and how to clean it.</summary>
public sealed record LoadRequest
{
    /// <summary>A data file, a folder (crosscbr), or a DuckDB store written by <c>bundleforge import</c>.</summary>
    public required string Path { get; init; }
    public DataFormat Format { get; init; } = DataFormat.Auto;
    /// <summary>Optional catalog file (canonical items schema).</summary>
    public string? CatalogPath { get; init; }
    /// <summary>Turn any malformed row into an error instead of counting it as removed.</summary>
    public bool Strict { get; init; }
    /// <summary>Margin assumed where the catalog has no cost: cost = price × (1 − margin).</summary>
    public double AssumedMargin { get; init; } = 0.35;
    /// <summary>Rows whose quantity exceeds this are removed as outliers.</summary>
    public double MaxQuantity { get; init; } = 10_000;
    /// <summary>k-core filtering: drop users with fewer purchases (0 = off).</summary>
    public int MinUserInteractions { get; init; }
    /// <summary>k-core filtering: drop items with fewer purchases (0 = off).</summary>
    public int MinItemInteractions { get; init; }
}
