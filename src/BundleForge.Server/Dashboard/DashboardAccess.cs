using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using BundleForge.Server.Api;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Dashboard;

/// <summary>Who may see which dashboard page: a client is signed in when it sends the dashboard key in
/// <c>X-Dashboard-Key</c> or holds the cookie the sign-in form sets (an expiry and its HMAC under a key derived from the
/// dashboard key, so changing the key signs everyone out). Also counts each client's customer look-ups.</summary>
internal sealed class DashboardAccess : IDisposable
{
    public const string Header = "X-Dashboard-Key";
    public const string Cookie = "bundleforge_dashboard";

    private readonly DashboardOptions _options;
    private readonly TimeProvider _clock;
    private readonly ClientIdentity _clients;
    private readonly byte[]? _keyDigest;
    private readonly byte[]? _cookieKey;
    private readonly PartitionedRateLimiter<string> _lookups;

    public DashboardAccess(DashboardOptions options, TimeProvider clock, ClientIdentity clients)
    {
        _options = options;
        _clock = clock;
        _clients = clients;
        if (options.ApiKey is { } key)
        {
            _keyDigest = SHA256.HashData(Encoding.UTF8.GetBytes(key));
            _cookieKey = SHA256.HashData(Encoding.UTF8.GetBytes("bundleforge-dashboard-cookie\n" + key));
        }
        _lookups = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.CustomerLookupsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>False when no dashboard key is configured: nobody can sign in, customer pages are off.</summary>
    public bool SignInPossible => _keyDigest is not null;

    /// <summary>Whether the aggregate pages are open without signing in.</summary>
    public bool PublicPages => _options.PublicPages;

    /// <summary>Customer look-ups allowed per client and minute.</summary>
    public int LookupsPerMinute => _options.CustomerLookupsPerMinute;

    /// <summary>True when the request carries the key or a valid sign-in cookie.</summary>
    public bool IsSignedIn(HttpContext context)
    {
        if (_keyDigest is null)
            return false;
        var header = context.Request.Headers[Header].ToString();
        if (header.Length > 0)
            return IsKey(header);
        return context.Request.Cookies[Cookie] is { Length: > 0 } cookie && IsValidToken(cookie);
    }

    /// <summary>Compares digests in constant time, so neither content nor length leaks through timing.</summary>
    public bool IsKey(string given) =>
        _keyDigest is not null && given.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), _keyDigest);

    /// <summary>Sets the sign-in cookie (HTTP-only, same-site strict, secure when the request is).</summary>
    public void SignIn(HttpContext context)
    {
        var expires = _clock.GetUtcNow().AddHours(_options.SessionHours);
        context.Response.Cookies.Append(Cookie, Token(expires.ToUnixTimeSeconds()), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            Expires = expires,
        });
    }

    public static void SignOut(HttpContext context) => context.Response.Cookies.Delete(Cookie, new CookieOptions { Path = "/" });

    /// <summary>Takes one of the client's look-ups of this minute; false when they are used up.</summary>
    public bool TryLookUp(HttpContext context)
    {
        using var lease = _lookups.AttemptAcquire(_clients.Of(context));
        return lease.IsAcquired;
    }

    private string Token(long expires)
    {
        var text = expires.ToString(CultureInfo.InvariantCulture);
        return text + "." + Convert.ToBase64String(HMACSHA256.HashData(_cookieKey!, Encoding.ASCII.GetBytes(text))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private bool IsValidToken(string token)
    {
        int dot = token.IndexOf('.');
        if (dot <= 0 || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out long expires))
            return false;
        if (expires < _clock.GetUtcNow().ToUnixTimeSeconds())
            return false;
        var expected = Encoding.ASCII.GetBytes(Token(expires));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), expected);
    }

    public void Dispose() => _lookups.Dispose();
}
