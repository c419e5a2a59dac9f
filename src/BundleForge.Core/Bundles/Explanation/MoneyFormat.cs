using System.Globalization;

namespace BundleForge.Bundles.Explanation;

/// <summary>Words an amount in the shop's currency: a symbol is written before the amount ("£12.99"), a code with a
/// space ("CHF 12.99"), and no currency gives the bare amount ("12.99") rather than a guessed one.</summary>
public static class MoneyFormat
{
    public static string Of(double amount, string? currency)
    {
        string number = amount.ToString("0.00", CultureInfo.InvariantCulture);
        if (string.IsNullOrWhiteSpace(currency))
            return number;
        string c = currency.Trim();
        bool code = char.IsLetter(c[^1]);
        if (amount < 0)
            return "−" + (code ? c + " " : c) + number[1..];
        return code ? c + " " + number : c + number;
    }

    /// <summary>The currency of a catalog when the input format fixes it (UCI Online Retail is in pounds sterling),
    /// else null.</summary>
    public static string? CurrencyOfFormat(string format) => format switch
    {
        "online-retail" => "£",
        _ => null,
    };
}
