namespace BundleForge.Evaluation.Synthetic;

/// <summary>Formats Unix seconds as <c>2024-03-05T14:22:10Z</c> straight into bytes, without DateTime or culture
/// machinery, because the generator writes tens of millions of them.</summary>
public static class IsoTimestamp
{
    /// <summary>Bytes written by <see cref="Format"/>.</summary>
    public const int Length = 20;

    /// <summary>Writes the UTC timestamp of <paramref name="unixSeconds"/> into the first 20 bytes of <paramref name="dest"/>.</summary>
    public static void Format(long unixSeconds, Span<byte> dest)
    {
        long days = Math.DivRem(unixSeconds, 86_400, out long secondOfDay);
        if (secondOfDay < 0)
        { secondOfDay += 86_400; days--; }
        // Civil date from days since 1970-01-01 (proleptic Gregorian, eras of 400 years).
        long z = days + 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int)(doy - (153 * mp + 2) / 5 + 1);
        int month = (int)(mp < 10 ? mp + 3 : mp - 9);
        int year = (int)(yoe + era * 400 + (month <= 2 ? 1 : 0));
        int hour = (int)(secondOfDay / 3600), minute = (int)(secondOfDay / 60 % 60), second = (int)(secondOfDay % 60);

        dest = dest[..Length];
        Digits4(dest, year);
        dest[4] = (byte)'-';
        Digits2(dest[5..], month);
        dest[7] = (byte)'-';
        Digits2(dest[8..], day);
        dest[10] = (byte)'T';
        Digits2(dest[11..], hour);
        dest[13] = (byte)':';
        Digits2(dest[14..], minute);
        dest[16] = (byte)':';
        Digits2(dest[17..], second);
        dest[19] = (byte)'Z';
    }

    private static void Digits2(Span<byte> d, int v)
    {
        d[0] = (byte)('0' + v / 10);
        d[1] = (byte)('0' + v % 10);
    }

    private static void Digits4(Span<byte> d, int v)
    {
        d[0] = (byte)('0' + v / 1000 % 10);
        d[1] = (byte)('0' + v / 100 % 10);
        d[2] = (byte)('0' + v / 10 % 10);
        d[3] = (byte)('0' + v % 10);
    }
}
