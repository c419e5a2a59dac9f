using System.Net;
using BundleForge.Cluster.Database;
using BundleForge.Cluster.Grains;
using BundleForge.Server.Events;
using BundleForge.Server.Models;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;

namespace BundleForge.Cluster;

/// <summary>Turns a server being built into a cluster node: an Orleans silo in the same process (ADO.NET clustering
/// and grain storage on PostgreSQL), the customer state in grains (<see cref="ClusterCustomerEvents"/>) instead of the
/// SQLite store and in-memory sessions, the offer-response learner shared through <see cref="ClusterOfferLearning"/>,
/// and <see cref="ModelVersionSync"/>. The endpoints are the single node's.</summary>
public static class ClusterMode
{
    /// <summary>The grain storage provider's name.</summary>
    public const string StorageName = "bundleforge";

    /// <summary>Joins the cluster when configuration has <c>Cluster:ConnectionString</c> (or
    /// <paramref name="connectionString"/> is given: <c>serve --cluster</c>); otherwise leaves the single node as it is.
    /// Returns true when this node is a cluster node.</summary>
    public static bool UseIfConfigured(WebApplicationBuilder builder, string? connectionString)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
            builder.Configuration[ClusterSettings.Section + ":ConnectionString"] = connectionString;
        var settings = builder.Configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            return false;
        Use(builder, settings);
        return true;
    }

    private static void Use(WebApplicationBuilder builder, ClusterSettings settings)
    {
        var cs = settings.ConnectionString!;
        if (!IPAddress.TryParse(settings.AdvertisedAddress, out var address))
            throw new DataException($"Cluster:AdvertisedAddress '{settings.AdvertisedAddress}' is not an IP address.", field: "Cluster:AdvertisedAddress");
        // The tables must exist before the model loads (it reads the erasure registry) and before the silo joins.
        ClusterSchema.Apply(cs);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(_ => ClusterEventLog.Open(cs));
        services.AddSingleton<CustomerActivations>();
        services.RemoveAll<ICustomerEvents>();
        services.AddSingleton<ICustomerEvents>(sp => new ClusterCustomerEvents(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<ClusterEventLog>(),
            sp.GetRequiredService<CustomerActivations>(), cs));
        services.AddHostedService<ModelVersionSync>();
        services.AddSingleton(_ => OfferFeedbackLog.Open(cs));
        services.AddSingleton<ClusterOfferLearning>();
        services.RemoveAll<IOfferLearning>();
        services.AddSingleton<IOfferLearning>(sp => sp.GetRequiredService<ClusterOfferLearning>());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterOfferLearning>());

        // Orleans reports every connection and placement retry at Information; a node's log keeps BundleForge's lines.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ClusterId;
            });
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = cs;
            });
            silo.AddAdoNetGrainStorage(StorageName, o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = cs;
            });
            silo.ConfigureEndpoints(address, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(settings.ProbeTimeoutSeconds);
                o.NumMissedProbesLimit = 2;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(settings.ProbeTimeoutSeconds);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(Math.Max(5, settings.ProbeTimeoutSeconds * 2));
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(settings.ResponseTimeoutSeconds));
        });
    }
}
