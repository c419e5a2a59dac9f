using Microsoft.Extensions.Options;

namespace BundleForge.Server.Settings;

/// <summary>The start-up checks of every section; each failure is one sentence naming the configuration key, which
/// the host reports as its one-line start-up error.</summary>
internal static class SettingsValidation
{
    /// <summary>Adds a failure when <paramref name="value"/> is outside [min, max].</summary>
    public static void Range(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
            failures.Add($"Configuration {key} must be an integer from {min} to {max}, not {value}.");
    }

    /// <summary>Adds a failure when a key is set but shorter than 16 characters (a guessable secret).</summary>
    public static void Key(List<string> failures, string key, string? value)
    {
        if (value is { Length: > 0 and < 16 })
            failures.Add($"Configuration {key} must be at least 16 characters.");
    }

    public static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

    public sealed class Model : IValidateOptions<ModelOptions>
    {
        public ValidateOptionsResult Validate(string? name, ModelOptions o) => string.IsNullOrWhiteSpace(o.Path)
            ? ValidateOptionsResult.Fail("No model to serve: pass --model DIR or set Model:Path.")
            : ValidateOptionsResult.Success;
    }

    public sealed class Events : IValidateOptions<EventsOptions>
    {
        public ValidateOptionsResult Validate(string? name, EventsOptions o)
        {
            var f = new List<string>();
            Range(f, "Events:SessionLength", o.SessionLength, 1, 10_000);
            Range(f, "Events:ReplayDays", o.ReplayDays, 0, 3650);
            return Result(f);
        }
    }

    public sealed class Admin : IValidateOptions<AdminOptions>
    {
        public ValidateOptionsResult Validate(string? name, AdminOptions o)
        {
            var f = new List<string>();
            Key(f, "Admin:ApiKey", o.ApiKey);
            return Result(f);
        }
    }

    public sealed class Limits : IValidateOptions<LimitsOptions>
    {
        public ValidateOptionsResult Validate(string? name, LimitsOptions o)
        {
            var f = new List<string>();
            Range(f, "Limits:MaxBodyBytes", o.MaxBodyBytes, 1024, 64 << 20);
            Range(f, "Limits:MaxBatch", o.MaxBatch, 1, 100_000);
            return Result(f);
        }
    }

    public sealed class RateLimit : IValidateOptions<RateLimitOptions>
    {
        public ValidateOptionsResult Validate(string? name, RateLimitOptions o)
        {
            var f = new List<string>();
            Range(f, "RateLimit:PermitsPerSecond", o.PermitsPerSecond, 0, 10_000_000);
            Range(f, "RateLimit:Burst", o.Burst, 1, 10_000_000);
            Range(f, "RateLimit:PeriodSeconds", o.PeriodSeconds, 1, 3600);
            if (o.ClientHeader is { } h && (h.Length > 100 || !IsToken(h)))
                f.Add($"Configuration RateLimit:ClientHeader must be a header name (letters, digits and '-'), not '{h}'.");
            return Result(f);
        }

        private static bool IsToken(string name)
        {
            foreach (var c in name)
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                    return false;
            return name.Length > 0;
        }
    }

    public sealed class Dashboard : IValidateOptions<DashboardOptions>
    {
        public ValidateOptionsResult Validate(string? name, DashboardOptions o)
        {
            var f = new List<string>();
            Key(f, "Dashboard:ApiKey", o.ApiKey);
            Range(f, "Dashboard:CustomerLookupsPerMinute", o.CustomerLookupsPerMinute, 1, 100_000);
            Range(f, "Dashboard:SessionHours", o.SessionHours, 1, 24 * 30);
            return Result(f);
        }
    }

    public sealed class Proxy : IValidateOptions<ProxyOptions>
    {
        public ValidateOptionsResult Validate(string? name, ProxyOptions o)
        {
            var f = new List<string>();
            for (int i = 0; i < o.KnownProxies.Length; i++)
                if (!System.Net.IPAddress.TryParse(o.KnownProxies[i], out _))
                    f.Add($"Configuration ForwardedHeaders:KnownProxies:{i} must be an IP address, not '{o.KnownProxies[i]}'.");
            for (int i = 0; i < o.KnownNetworks.Length; i++)
                if (!System.Net.IPNetwork.TryParse(o.KnownNetworks[i], out _))
                    f.Add($"Configuration ForwardedHeaders:KnownNetworks:{i} must be a network in CIDR notation (10.0.0.0/8), not '{o.KnownNetworks[i]}'.");
            Range(f, "ForwardedHeaders:ForwardLimit", o.ForwardLimit, 1, 10);
            return Result(f);
        }
    }

    public sealed class Bundles : IValidateOptions<BundlesOptions>
    {
        public ValidateOptionsResult Validate(string? name, BundlesOptions o)
        {
            var f = new List<string>();
            Range(f, "Bundles:CompositionCacheEntries", o.CompositionCacheEntries, 0, 10_000_000);
            Range(f, "Bundles:WarmItems", o.WarmItems, 0, 10_000_000);
            if (o.Strategy is { } file)
            {
                // Read now, so a bad file stops the start with its field; the factory reads it again on every load.
                try
                { BundleForge.Bundles.Strategy.MarketStrategy.Load(file); }
                catch (DataException e) { f.Add($"Configuration Bundles:Strategy: {e.Message}."); }
            }
            return Result(f);
        }
    }

    public sealed class NewItems : IValidateOptions<NewItemsOptions>
    {
        public ValidateOptionsResult Validate(string? name, NewItemsOptions o)
        {
            var f = new List<string>();
            Range(f, "NewItems:MaxInRecommendations", o.MaxInRecommendations, 0, 100);
            Range(f, "NewItems:FirstPosition", o.FirstPosition, 1, 1000);
            Range(f, "NewItems:MaxInTogether", o.MaxInTogether, 0, 100);
            Range(f, "NewItems:MaxPurchases", o.MaxPurchases, 0, 1_000_000);
            Range(f, "NewItems:MinClosenessPercent", o.MinClosenessPercent, 0, 100);
            return Result(f);
        }
    }

    public sealed class RequestBudget : IValidateOptions<RequestBudgetOptions>
    {
        public ValidateOptionsResult Validate(string? name, RequestBudgetOptions o)
        {
            var f = new List<string>();
            Range(f, "RequestBudget:Milliseconds", o.Milliseconds, 0, 60_000);
            Range(f, "RequestBudget:BundleCandidates", o.BundleCandidates, 0, 1_000_000);
            return Result(f);
        }
    }

    public sealed class Shutdown : IValidateOptions<ShutdownOptions>
    {
        public ValidateOptionsResult Validate(string? name, ShutdownOptions o)
        {
            var f = new List<string>();
            Range(f, "Shutdown:TimeoutSeconds", o.TimeoutSeconds, 1, 3600);
            return Result(f);
        }
    }
}
