namespace BundleForge.Mining;

/// <summary>Compares int arrays by content (itemsets as dictionary keys).</summary>
internal sealed class IntSequenceComparer : IEqualityComparer<int[]>
{
    public static readonly IntSequenceComparer Instance = new();

    public bool Equals(int[]? x, int[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(int[] obj)
    {
        var h = new HashCode();
        h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
        return h.ToHashCode();
    }
}
