using BundleForge.Server.Settings;

namespace BundleForge.Server.Api;

/// <summary>Who a request comes from, for per-client limits: the value of <c>RateLimit:ClientHeader</c> when it is
/// configured and sent, else the client's address (the real one when a trusted proxy forwarded it, see
/// <see cref="ProxyOptions"/>).</summary>
internal sealed class ClientIdentity(RateLimitOptions settings)
{
    private const int MaxHeaderValue = 200;

    /// <summary>The partition key of a request: <c>key:…</c> or <c>ip:…</c>.</summary>
    public string Of(HttpContext context)
    {
        if (settings.ClientHeader is { } header && context.Request.Headers[header].ToString() is { Length: > 0 and <= MaxHeaderValue } value)
            return "key:" + value;
        return "ip:" + AddressOf(context);
    }

    /// <summary>The client's address as the server sees it after forwarding ("unknown" in-memory).</summary>
    public static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
