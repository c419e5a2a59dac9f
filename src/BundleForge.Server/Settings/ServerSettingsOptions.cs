namespace BundleForge.Server.Settings;

// One options class per configuration section, bound by SettingsRegistration and checked by SettingsValidation at
// start-up. Defaults live here; docs/SERVING.md lists every key.

/// <summary>Configuration section <c>Model</c>: the model folder to serve.</summary>
public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>The model folder (<c>--model</c>); made absolute at start-up.</summary>
    public string? Path { get; set; }
}

/// <summary>Configuration section <c>Events</c>: the event store and the live sessions built from it.</summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    /// <summary>The SQLite event store (<c>--events</c>); default <see cref="DefaultPathFor"/> the model folder.</summary>
    public string? Path { get; set; }

    /// <summary>The folder name suffix of the default event store's folder (<c>MODEL.events/</c>).</summary>
    public const string FolderSuffix = ".events";

    /// <summary>The default event store of <paramref name="modelFolder"/>: <c>events.db</c> in the folder
    /// <c>MODEL.events/</c> beside it, outside the model folder (which a retrain replaces) and never in the working
    /// folder. A store at the earlier default, <c>events.db</c> beside the model folder, is kept when it exists and the
    /// new one does not, so an upgrade does not lose the erasure list it holds.</summary>
    public static string DefaultPathFor(string modelFolder)
    {
        var folder = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(modelFolder));
        var path = System.IO.Path.Combine(folder + FolderSuffix, "events.db");
        var earlier = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(folder) ?? ".", "events.db");
        return !File.Exists(path) && File.Exists(earlier) ? earlier : path;
    }

    /// <summary>Live events kept per user for session-aware recommendations.</summary>
    public int SessionLength { get; set; } = 50;

    /// <summary>Events of the last days replayed into sessions at start-up.</summary>
    public int ReplayDays { get; set; } = 30;
}

/// <summary>Configuration section <c>Admin</c>: the key of the admin endpoints.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>The environment variable read when <c>Admin:ApiKey</c> is not set.</summary>
    public const string KeyVariable = "BUNDLEFORGE_ADMIN_KEY";

    /// <summary>At least 16 characters; null turns the admin endpoints off.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>Configuration section <c>Limits</c>: request size limits.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Request body limit in bytes (413 above).</summary>
    public int MaxBodyBytes { get; set; } = 1 << 20;

    /// <summary>Events per <c>POST /v1/events</c>.</summary>
    public int MaxBatch { get; set; } = 1000;

    /// <summary>Largest <c>k</c> of a list request (not configurable).</summary>
    public int MaxK { get; } = 100;

    /// <summary>Longest id (not configurable).</summary>
    public int MaxIdLength { get; } = 256;

    /// <summary>Most items of a cart (not configurable).</summary>
    public int MaxCartItems { get; } = 100;
}

/// <summary>Configuration section <c>RateLimit</c>: a token bucket per client.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    /// <summary>Tokens added per period; 0 turns rate limiting off.</summary>
    public int PermitsPerSecond { get; set; } = 1000;

    /// <summary>Bucket size.</summary>
    public int Burst { get; set; } = 2000;

    /// <summary>How often the bucket receives <see cref="PermitsPerSecond"/> tokens (1 s: a true per-second rate).</summary>
    public int PeriodSeconds { get; set; } = 1;

    /// <summary>A request header (e.g. <c>X-Client-Key</c>) whose value names the client, for deployments where a
    /// gateway sets it; requests without it are limited by address. Null: by address only.</summary>
    public string? ClientHeader { get; set; }
}

/// <summary>Configuration section <c>ForwardedHeaders</c>: the reverse proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed. Off (the headers are ignored) until a proxy or network is configured.</summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies (<c>10.0.0.5</c>).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation (<c>10.0.0.0/8</c>).</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in front of the server may have appended to <c>X-Forwarded-For</c>.</summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>True when any proxy is trusted.</summary>
    public bool Enabled => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

/// <summary>Configuration section <c>Recommendations</c>.</summary>
public sealed class RecommendationsOptions
{
    public const string Section = "Recommendations";

    /// <summary>The order recommenders are tried in (comma list); empty for the default order.</summary>
    public string? Model { get; set; }
}

/// <summary>Configuration section <c>NewItems</c>: how many products with no or few purchases (behaviour borrowed from
/// their text, docs/EMBEDDINGS.md) may join an answer, and where; they are marked with the source <c>new</c>. Needs a
/// model with <c>item2vec</c> and <c>text</c> trained in one run; without them nothing changes.</summary>
public sealed class NewItemsOptions
{
    public const string Section = "NewItems";

    /// <summary>New products per recommendation list at most; 0 turns them off there.</summary>
    public int MaxInRecommendations { get; set; } = 2;

    /// <summary>The first list position (1-based) a new product may take in a recommendation list; a second one goes
    /// two positions further down, so established products keep the top of the list.</summary>
    public int FirstPosition { get; set; } = 4;

    /// <summary>New products per frequently-bought-together answer at most, only in relaxed mode and only in the place
    /// of a fallback (never above or instead of an observed co-purchase); 0 turns them off there.</summary>
    public int MaxInTogether { get; set; } = 1;

    /// <summary>New products may join bundles (at most one per bundle, docs/BUNDLES.md); false keeps them out.</summary>
    public bool InBundles { get; set; } = true;

    /// <summary>A product with at most this many purchases in the training data counts as new.</summary>
    public int MaxPurchases { get; set; } = 2;

    /// <summary>Least text closeness (mean cosine with the 3 closest items of the customer's history or cart, in
    /// percent) a new product needs to be shown: below it the product is not related to what they buy.</summary>
    public int MinClosenessPercent { get; set; } = 50;
}

/// <summary>Configuration section <c>Bundles</c>: the bundle engine's serving caches.</summary>
public sealed class BundlesOptions
{
    public const string Section = "Bundles";

    /// <summary>Requests remembered by default (a few KB each).</summary>
    public const int DefaultCompositionCacheEntries = 10_000;

    /// <summary>Best sellers warmed by default.</summary>
    public const int DefaultWarmItems = 20_000;

    /// <summary>Bundle requests whose composed bundles are remembered; 0 composes every request.</summary>
    public int CompositionCacheEntries { get; set; } = DefaultCompositionCacheEntries;

    /// <summary>Best sellers whose complements are computed in the background after each load; 0 turns that off.</summary>
    public int WarmItems { get; set; } = DefaultWarmItems;

    /// <summary>A strategy file (docs/STRATEGY.md) served instead of the one stored in the model (null: the model's);
    /// read and checked at start-up and on every reload.</summary>
    public string? Strategy { get; set; }
}

/// <summary>Configuration section <c>RequestBudget</c>: how much one bundle or recommendation request may spend. A
/// request that would exceed it is answered smaller, with a <c>degraded</c> field saying what was left out.</summary>
public sealed class RequestBudgetOptions
{
    public const string Section = "RequestBudget";

    /// <summary>Wall-clock milliseconds per request; 0: no time budget.</summary>
    public int Milliseconds { get; set; } = 1000;

    /// <summary>Most candidate items a bundle request searches (the most relevant are kept); 0: no limit. The default
    /// is above what the engine's sources propose today (at most 500 each).</summary>
    public int BundleCandidates { get; set; } = 5000;

    /// <summary>The budget as the bundle engine takes it.</summary>
    public BundleForge.Bundles.RequestBudget ToBudget() => new()
    {
        Time = Milliseconds > 0 ? TimeSpan.FromMilliseconds(Milliseconds) : null,
        Candidates = BundleCandidates > 0 ? BundleCandidates : null,
    };
}

/// <summary>Configuration section <c>Shutdown</c>.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>Graceful-shutdown drain time.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>Configuration section <c>Dashboard</c>: who may open the web dashboard. Customer pages need a sign-in with
/// <see cref="ApiKey"/> (they are off without one); the aggregate pages need it too unless <see cref="PublicPages"/>.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>The key that signs in (sent as <c>X-Dashboard-Key</c> or typed into the sign-in form); at least 16
    /// characters. Null: customer pages are off.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Whether the aggregate pages (overview, product links, products, evaluation, item search) are open
    /// without signing in.</summary>
    public bool PublicPages { get; set; }

    /// <summary>Customer look-ups (and failed sign-ins) per client and minute; more are answered 429.</summary>
    public int CustomerLookupsPerMinute { get; set; } = 30;

    /// <summary>How long a sign-in lasts.</summary>
    public int SessionHours { get; set; } = 12;
}
