namespace BundleForge.Bundles;

/// <summary>The currency amounts are in, as an ISO 4217 code ("GBP", "EUR"): which codes exist, how a strategy's
/// <c>currency</c> is read, and which currency a model serves in when nobody says (the strategy's, else the catalog's
/// when its data format fixes one, else <see cref="Default"/>).</summary>
public static class CurrencyCode
{
    /// <summary>The currency when neither the strategy nor the catalog names one (documented in docs/STRATEGY.md).</summary>
    public const string Default = "EUR";

    // The circulating currencies of ISO 4217 (list of 2025; fund codes, precious metals and the test codes are left out:
    // no shop prices in them). Kept in code so validation needs no culture data (the invariant globalization mode has none).
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF",
        "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC",
        "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
        "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD",
        "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
        "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD",
        "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
        "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
        "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VED",
        "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
    };

    // Symbols accepted for the codes they name unambiguously ("$" and "¥" are several currencies' and are refused).
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal) { ["£"] = "GBP", ["€"] = "EUR" };

    /// <summary>True for a circulating ISO 4217 code, written in capitals.</summary>
    public static bool IsKnown(string? code) => code is not null && Known.Contains(code);

    /// <summary>The code <paramref name="text"/> names: an ISO 4217 code in any case ("gbp" → "GBP"), or the symbol £ or
    /// € (model folders written before codes were required hold them); null when it names no currency.</summary>
    public static string? Parse(string? text)
    {
        if (text is null)
            return null;
        string t = text.Trim();
        if (Symbols.TryGetValue(t, out var code))
            return code;
        string upper = t.ToUpperInvariant();
        return Known.Contains(upper) ? upper : null;
    }

    /// <summary>The currency of a catalog when its data format fixes it (UCI Online Retail is in pounds sterling), else null.</summary>
    public static string? OfFormat(string? format) => format switch
    {
        "online-retail" => "GBP",
        _ => null,
    };

    /// <summary>The currency to serve in: the strategy's, else the catalog's, else <see cref="Default"/>. A value that
    /// names no currency (a strategy built in code, bypassing the parser) is a <see cref="DataException"/>.</summary>
    public static string Resolve(string? strategy, string? catalog)
    {
        foreach (var (value, field) in new[] { (strategy, "currency"), (catalog, "catalog currency") })
        {
            if (value is null)
                continue;
            return Parse(value) ?? throw new DataException($"\"{value}\" is not an ISO 4217 currency code such as \"GBP\" or \"EUR\"", field: field);
        }
        return Default;
    }
}
