using System.Globalization;
using System.Text;

namespace BundleForge.Mining;

/// <summary>Writes rules in the SPMF-like text form <c>1 2 ==&gt; 3 #SUP: 45 #CONF: 0.5 #LIFT: 2.1 #LEV: 0.01 #CONV: 1.4</c>
/// with the shop's item ids.</summary>
public static class RuleFileWriter
{
    public static void Write(string path, IReadOnlyList<AssociationRule> rules, string[] ids)
    {
        StreamWriter w;
        try
        { w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DataException($"Cannot write the rule file: {e.Message}", path); }
        using (w)
        {
            var inv = CultureInfo.InvariantCulture;
            foreach (var r in rules)
            {
                WriteItems(w, r.Antecedent, ids);
                w.Write(" ==> ");
                WriteItems(w, r.Consequent, ids);
                w.Write(string.Create(inv, $" #SUP: {r.Count} #CONF: {r.Confidence:0.######} #LIFT: {r.Lift:0.######} #LEV: {r.Leverage:0.########} #CONV: "));
                w.Write(double.IsPositiveInfinity(r.Conviction) ? "inf" : r.Conviction.ToString("0.######", inv));
                w.Write('\n');
            }
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
