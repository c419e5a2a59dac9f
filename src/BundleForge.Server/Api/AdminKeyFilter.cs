using System.Security.Cryptography;
using System.Text;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Api;

/// <summary>Guards admin endpoints: off (403) without a configured key, 401 without the right <c>X-Api-Key</c>. Keys
/// are compared as SHA-256 digests in constant time, so neither content nor length leaks through timing.</summary>
internal sealed class AdminKeyFilter(AdminOptions settings) : IEndpointFilter
{
    public const string Header = "X-Api-Key";
    private readonly byte[]? _expected = settings.ApiKey is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(settings.ApiKey));

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_expected is null)
            return ValueTask.FromResult<object?>(Problems.Forbidden($"Admin endpoints are off: configure Admin:ApiKey or {AdminOptions.KeyVariable}."));
        var given = context.HttpContext.Request.Headers[Header].ToString();
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        if (given.Length == 0 || !CryptographicOperations.FixedTimeEquals(digest, _expected))
            return ValueTask.FromResult<object?>(Problems.Unauthorized($"A valid {Header} header is required."));
        return next(context);
    }
}
