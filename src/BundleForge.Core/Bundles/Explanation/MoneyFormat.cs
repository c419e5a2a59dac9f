using System.Globalization;

namespace BundleForge.Bundles.Explanation;

/// <summary>The one way an amount is written (explanations, the CLI, the dashboard, the report): with its currency, a
/// symbol before the amount for the currencies whose symbol is unambiguous ("£12.99", "€12.99", "$12.99" for USD), the
/// ISO 4217 code with a space for the others ("CHF 12.99"). Amounts are priced in hundredths, so two decimals always.</summary>
public static class MoneyFormat
{
    /// <summary><paramref name="amount"/> in <paramref name="currency"/> (an ISO 4217 code; empty or null: the bare
    /// amount, for callers that have no currency at all).</summary>
    public static string Of(double amount, string? currency)
    {
        string number = Math.Abs(amount).ToString("0.00", CultureInfo.InvariantCulture);
        string sign = amount < 0 && number != "0.00" ? "−" : "";
        if (string.IsNullOrWhiteSpace(currency))
            return sign + number;
        string code = CurrencyCode.Parse(currency) ?? currency.Trim();
        return sign + (SymbolOf(code) is { } symbol ? symbol + number : code + " " + number);
    }

    /// <summary>The symbol written for <paramref name="code"/>, or null when the code itself is written.</summary>
    public static string? SymbolOf(string code) => code switch
    {
        "GBP" => "£",
        "EUR" => "€",
        "USD" => "$",
        _ => null,
    };

    /// <summary>A column or axis title with its currency: "expected profit (GBP)".</summary>
    public static string Titled(string title, string? currency) => string.IsNullOrWhiteSpace(currency) ? title : $"{title} ({currency.Trim()})";
}
