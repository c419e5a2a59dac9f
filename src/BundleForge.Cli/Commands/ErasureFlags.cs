using System.CommandLine;
using BundleForge.Cluster.Database;
using BundleForge.Server.Events;
using BundleForge.Training;

namespace BundleForge.Cli.Commands;

/// <summary><c>train --exclude-users FILE</c> and <c>--erasures EVENTS_DB</c>: users erased from the shop's service
/// are left out of retraining, so the new model never holds them (the server also cleans any model it loads). The
/// flags map onto the plan; the library leaves the users out.</summary>
internal sealed class ErasureFlags
{
    private readonly Option<string?> _excludeUsers = new("--exclude-users")
    {
        Description = "A file of users to leave out, one per line: the shop's user ids or pseudonymous keys (as in the server's erasure list).",
    };
    private readonly Option<string?> _erasures = new("--erasures")
    {
        Description = "The server's event store (by default MODEL.events/events.db), or a cluster's PostgreSQL connection string (\"Host=...;Database=...\"): every user erased through DELETE /v1/users/{id} is left out.",
    };

    public ErasureFlags(Command command, ModelFlags flags)
    {
        command.Options.Add(_excludeUsers);
        command.Options.Add(_erasures);
        flags.Maps(_excludeUsers, "TrainingPlan." + nameof(TrainingPlan.ExcludedUsersFile));
    }

    /// <summary><paramref name="plan"/> with the users to leave out: the file as given, the event store's erased keys
    /// read here (the event store is the server's).</summary>
    public TrainingPlan Apply(ParseResult parse, TrainingPlan plan) => plan with
    {
        ExcludedUsersFile = parse.GetValue(_excludeUsers),
        ExcludedUsers = parse.GetValue(_erasures) is { } db ? ClusterEventLog.IsConnectionString(db) ? ClusterEventLog.ReadErasedKeys(db) : EventStore.ReadErasedKeys(db) : null,
    };
}
