using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BundleForge.Server.Settings;

/// <summary>Binds every configuration section to its options class and validates it when the host starts.</summary>
public static class SettingsRegistration
{
    /// <summary>Registers the options of every section of the host's configuration.</summary>
    public static IServiceCollection AddServerSettings(this IServiceCollection services)
    {
        Add<ModelOptions, SettingsValidation.Model>(services, ModelOptions.Section)
            .PostConfigure(o => o.Path = string.IsNullOrWhiteSpace(o.Path) ? null : Path.GetFullPath(o.Path));
        Add<EventsOptions, SettingsValidation.Events>(services, EventsOptions.Section)
            .PostConfigure<IOptions<ModelOptions>>((o, model) =>
            {
                // In a folder beside the model folder by default: a deployment's state stays together, outside the
                // model folder a retrain replaces and outside the working folder.
                if (string.IsNullOrWhiteSpace(o.Path) && model.Value.Path is { } m)
                    o.Path = EventsOptions.DefaultPathFor(m);
                if (!string.IsNullOrWhiteSpace(o.Path))
                    o.Path = Path.GetFullPath(o.Path);
            });
        Add<AdminOptions, SettingsValidation.Admin>(services, AdminOptions.Section)
            .PostConfigure(o =>
            {
                if (string.IsNullOrEmpty(o.ApiKey))
                    o.ApiKey = Environment.GetEnvironmentVariable(AdminOptions.KeyVariable);
                if (string.IsNullOrEmpty(o.ApiKey))
                    o.ApiKey = null;
            });
        Add<LimitsOptions, SettingsValidation.Limits>(services, LimitsOptions.Section);
        Add<RateLimitOptions, SettingsValidation.RateLimit>(services, RateLimitOptions.Section)
            .PostConfigure(o => o.ClientHeader = string.IsNullOrWhiteSpace(o.ClientHeader) ? null : o.ClientHeader.Trim());
        Add<ProxyOptions, SettingsValidation.Proxy>(services, ProxyOptions.Section);
        Add<DashboardOptions, SettingsValidation.Dashboard>(services, DashboardOptions.Section)
            .PostConfigure(o => o.ApiKey = string.IsNullOrEmpty(o.ApiKey) ? null : o.ApiKey);
        // Recommendations:Model is checked against the recommenders this build can serve (Models.RecommenderOrder).
        services.AddOptions<RecommendationsOptions>().Configure<IConfiguration>((o, c) => Bind(c, RecommendationsOptions.Section, o)).ValidateOnStart();
        Add<BundlesOptions, SettingsValidation.Bundles>(services, BundlesOptions.Section)
            .PostConfigure(o => o.Strategy = string.IsNullOrWhiteSpace(o.Strategy) ? null : Path.GetFullPath(o.Strategy));
        Add<NewItemsOptions, SettingsValidation.NewItems>(services, NewItemsOptions.Section);
        Add<RequestBudgetOptions, SettingsValidation.RequestBudget>(services, RequestBudgetOptions.Section);
        Add<ShutdownOptions, SettingsValidation.Shutdown>(services, ShutdownOptions.Section);
        return services;
    }

    private static OptionsBuilder<T> Add<T, TValidator>(IServiceCollection services, string section)
        where T : class where TValidator : class, IValidateOptions<T>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, TValidator>());
        return services.AddOptions<T>().Configure<IConfiguration>((o, c) => Bind(c, section, o)).ValidateOnStart();
    }

    /// <summary>Binds a section leaving out blank values: a blank value means "not set", as it always has (an empty
    /// environment variable is a common way to leave a setting alone), where the binder would fail or bind zero. Keys
    /// keep their full path, so a value of the wrong type is reported with its key.</summary>
    private static void Bind(IConfiguration configuration, string section, object target)
    {
        var set = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
            if (!string.IsNullOrWhiteSpace(value))
                set[key] = value;
        new ConfigurationBuilder().AddInMemoryCollection(set).Build().GetSection(section).Bind(target);
    }
}
