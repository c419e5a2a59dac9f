using BundleForge.Ingest.Sources;
using BundleForge.Ingest.Store;

namespace BundleForge.Ingest.Adapters;

/// <summary>Turns one input format into the canonical <c>staged</c> table (see <see cref="StagedTable"/>) inside a
/// DuckDB session, and optionally a <c>staged_items</c> catalog.</summary>
public interface IFormatAdapter
{
    /// <summary>True when timestamps are real times rather than orderings.</summary>
    bool HasRealTime { get; }

    void Stage(DuckDbSession db, LoadRequest request);
}
