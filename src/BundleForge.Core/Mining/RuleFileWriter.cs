using System.Globalization;
using System.Text;

namespace BundleForge.Mining;

/// <summary>Writes rules in the SPMF-like text form <c>1 2 ==&gt; 3 #SUP: 45 #CONF: 0.5 #LIFT: 2.1 #LEV: 0.01 #CONV: 1.4</c>
/// with the shop's item ids, to a temporary file beside the target that is renamed onto it once complete.</summary>
public static class RuleFileWriter
{
    /// <summary>Writes <paramref name="rules"/> to <paramref name="path"/>; a failure or <paramref name="cancellation"/>
    /// leaves an earlier file as it was.</summary>
    public static void Write(string path, IReadOnlyList<AssociationRule> rules, string[] ids, CancellationToken cancellation = default)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            StreamWriter w;
            try
            {
                if (Directory.Exists(full))
                    throw new IOException("it is a folder");
                w = new StreamWriter(new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), new UTF8Encoding(false), 1 << 16);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DataException($"Cannot write the rule file: {e.Message}", path); }
            using (w)
            {
                var inv = CultureInfo.InvariantCulture;
                for (int k = 0; k < rules.Count; k++)
                {
                    if ((k & 4095) == 0)
                        cancellation.ThrowIfCancellationRequested();
                    var r = rules[k];
                    WriteItems(w, r.Antecedent, ids);
                    w.Write(" ==> ");
                    WriteItems(w, r.Consequent, ids);
                    w.Write(string.Create(inv, $" #SUP: {r.Count} #CONF: {r.Confidence:0.######} #LIFT: {r.Lift:0.######} #LEV: {r.Leverage:0.########} #CONV: "));
                    w.Write(double.IsPositiveInfinity(r.Conviction) ? "inf" : r.Conviction.ToString("0.######", inv));
                    w.Write('\n');
                }
            }
            cancellation.ThrowIfCancellationRequested();
            try
            { File.Move(temp, full, overwrite: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DataException($"Cannot write the rule file: {e.Message}", path); }
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    private static void WriteItems(StreamWriter w, int[] items, string[] ids)
    {
        for (int i = 0; i < items.Length; i++)
        {
            if (i > 0)
                w.Write(' ');
            w.Write(ids[items[i]]);
        }
    }
}
