namespace BundleForge.Server.Serving;

/// <summary>A component whose files hold per-user data. On <c>DELETE /v1/users/{id}</c>, and when a model is loaded
/// while the event store's erasure list names users it still holds, the server writes a new model version in which
/// every such component has dropped those users; files it does not rewrite are copied as they are.</summary>
public interface IUserDataComponent : IServingComponent
{
    /// <summary>True when the component's files hold data of the user.</summary>
    bool Holds(string userKey);

    /// <summary>Writes, into <paramref name="targetFolder"/>, the component's files that hold user data, without the
    /// users of <paramref name="userKeys"/>; <paramref name="sourceFolder"/> is the component's current folder.
    /// Returns the file names written.</summary>
    IReadOnlyCollection<string> WriteWithout(IReadOnlySet<string> userKeys, string sourceFolder, string targetFolder);
}
