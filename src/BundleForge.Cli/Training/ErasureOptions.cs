using System.CommandLine;
using BundleForge.Data;
using BundleForge.Privacy;
using BundleForge.Server.Events;

namespace BundleForge.Cli.Training;

/// <summary><c>train --exclude-users FILE</c> and <c>--erasures EVENTS_DB</c>: users erased from the shop's service
/// are left out of retraining, so the new model never holds them (the server also cleans any model it loads).</summary>
internal sealed class ErasureOptions
{
    private readonly Option<string?> _excludeUsers = new("--exclude-users")
    {
        Description = "A file of users to leave out, one per line: the shop's user ids or pseudonymous keys (as in the server's erasure list).",
    };
    private readonly Option<string?> _erasures = new("--erasures")
    {
        Description = "The server's event store (events.db): every user erased through DELETE /v1/users/{id} is left out.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_excludeUsers);
        command.Options.Add(_erasures);
    }

    /// <summary>True when either option was given.</summary>
    public bool Requested(ParseResult parse) => parse.GetValue(_excludeUsers) is not null || parse.GetValue(_erasures) is not null;

    /// <summary>The dataset without the listed users; <paramref name="removed"/> counts the users dropped.</summary>
    public Dataset Apply(ParseResult parse, Dataset data, out int removed)
    {
        removed = 0;
        var list = new HashSet<string>(StringComparer.Ordinal);
        if (parse.GetValue(_excludeUsers) is { } file)
        {
            if (!File.Exists(file)) throw new DataException("The --exclude-users file does not exist.", file, field: "--exclude-users");
            foreach (var line in File.ReadLines(file))
                if (line.Trim() is { Length: > 0 } id && id[0] != '#') list.Add(id);
        }
        if (parse.GetValue(_erasures) is { } db) list.UnionWith(EventStore.ReadErasedKeys(db));
        return list.Count == 0 ? data : ErasedUsers.Remove(data, list, Pseudonymizer.FromEnvironment(), out removed);
    }
}
