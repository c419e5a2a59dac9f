using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace BundleForge.Data;

/// <summary>Hashes the dense content of a dataset; equal data gives an equal fingerprint whatever the source file.</summary>
public static class DatasetFingerprint
{
    public static string Compute(Dataset d)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(MemoryMarshal.AsBytes(d.Baskets.Offsets.AsSpan()));
        h.AppendData(MemoryMarshal.AsBytes(d.Baskets.Items.AsSpan()));
        h.AppendData(MemoryMarshal.AsBytes(d.Interactions.User.AsSpan()));
        h.AppendData(MemoryMarshal.AsBytes(d.Interactions.Item.AsSpan()));
        h.AppendData(MemoryMarshal.AsBytes(d.Interactions.Time.AsSpan()));
        foreach (var id in d.Items.Ids)
            h.AppendData(System.Text.Encoding.UTF8.GetBytes(id + "\n"));
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }
}
