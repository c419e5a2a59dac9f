namespace BundleForge.Data;

/// <summary>What cleaning did: rows read, rows kept, and every row removed or changed, by reason.
/// <c>RowsRead == RowsKept + Σ Removed</c> always holds.</summary>
public sealed class CleaningReport
{
    public long RowsRead { get; set; }
    public long RowsKept { get; set; }
    /// <summary>Distinct user ids in the input before cleaning.</summary>
    public long UsersRead { get; set; }
    /// <summary>Reason → rows removed (merged duplicates count here too: the rows folded into another).</summary>
    public SortedDictionary<string, long> Removed { get; } = new(StringComparer.Ordinal);
    /// <summary>Reason → rows kept but changed or flagged (e.g. anonymous rows kept for mining only).</summary>
    public SortedDictionary<string, long> Changed { get; } = new(StringComparer.Ordinal);
    /// <summary>Plain-language notes, such as "costs assumed at 35% margin".</summary>
    public List<string> Notes { get; } = new();

    public long RemovedTotal => Removed.Values.Sum();

    public void AddRemoved(string reason, long rows)
    {
        if (rows <= 0)
            return;
        Removed[reason] = Removed.GetValueOrDefault(reason) + rows;
    }

    public void AddChanged(string reason, long rows)
    {
        if (rows <= 0)
            return;
        Changed[reason] = Changed.GetValueOrDefault(reason) + rows;
    }
}
