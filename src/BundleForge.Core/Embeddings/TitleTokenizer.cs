using System.Text;

namespace BundleForge.Embeddings;

/// <summary>Splits a product title into normalised words: lowercase letters and digits, at least two characters,
/// not purely numeric, common English function words dropped.</summary>
public static class TitleTokenizer
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "the", "of", "for", "with", "in", "on", "to", "by", "or", "set", "pack", "x",
    };

    public static List<string> Tokenize(string? title)
    {
        var tokens = new List<string>();
        if (string.IsNullOrWhiteSpace(title))
            return tokens;
        var word = new StringBuilder();
        void Flush()
        {
            if (word.Length >= 2)
            {
                var w = word.ToString();
                bool numeric = true;
                foreach (var ch in w)
                    if (!char.IsDigit(ch))
                    { numeric = false; break; }
                if (!numeric && !StopWords.Contains(w))
                    tokens.Add(w);
            }
            word.Clear();
        }
        foreach (var ch in title.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(ch))
                word.Append(char.ToLowerInvariant(ch));
            else
                Flush();
        }
        Flush();
        return tokens;
    }
}
