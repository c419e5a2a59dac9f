using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Privacy;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Models;

/// <summary>Loads a model folder for serving and makes it honour the erasure list: when a component of the new model
/// still holds an erased user (a model retrained on raw data that still has them), a new model version without them
/// is written atomically and that one is served. Used at start-up, on reload and on erasure.</summary>
public sealed class ServingModelLoader(
    Pseudonymizer pseudonymizer,
    IReadOnlyList<IServingComponentFactory> factories,
    IReadOnlyList<string> recommenderOrder,
    Func<IReadOnlySet<string>> erasedKeys)
{
    /// <summary>Opens, verifies and loads <paramref name="directory"/>, removing erased users from it first if needed;
    /// a model that fails is a <see cref="DataException"/>.</summary>
    public ServingModel Load(string directory)
    {
        var model = ServingModel.Load(directory, pseudonymizer, factories, recommenderOrder);
        try
        {
            var erased = erasedKeys();
            var holders = new Dictionary<string, (IUserDataComponent Component, HashSet<string> Keys)>(StringComparer.Ordinal);
            var users = new HashSet<string>(StringComparer.Ordinal);
            if (erased.Count > 0)
                foreach (var c in model.Components)
                    if (c is IUserDataComponent data)
                        foreach (var key in erased)
                            if (data.Holds(key))
                            {
                                if (!holders.TryGetValue(c.Name, out var h))
                                    holders[c.Name] = h = (data, new HashSet<string>(StringComparer.Ordinal));
                                h.Keys.Add(key);
                                users.Add(key);
                            }
            if (holders.Count == 0)
                return model;
            Rewrite(model, holders);
            // The version as read still holds the users: release it before loading the one written without them.
            model.Dispose();
            model = ServingModel.Load(directory, pseudonymizer, factories, recommenderOrder);
            model.ErasedUsersRemoved = users.Count;
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Logs what a load had to do or leave out, and when each component's background warm-up has finished
    /// (<see cref="IWarmingComponent"/>; counts only: neither user ids nor keys are logged).</summary>
    public static void LogOutcome(ServingModel model, ILogger log)
    {
        if (model.ErasedUsersRemoved > 0)
            log.LogWarning("The model on disk held {Users} users of the erasure list; serving version {Version}, written without them.", model.ErasedUsersRemoved, model.Version);
        // The version string only: the log callback must not keep a replaced version reachable.
        var version = model.Version;
        foreach (var component in model.Components)
            if (component is IWarmingComponent warming)
                _ = warming.Warming.ContinueWith(t =>
                {
                    if (t.IsCompletedSuccessfully && t.Result.Items > 0)
                        log.LogInformation("{Component} warm-up done: {What} computed in {Seconds:0.0} s (version {Version}).",
                            warming.WarmUpSubject, string.Format(System.Globalization.CultureInfo.InvariantCulture, warming.WarmedWhat, t.Result.Items), t.Result.Seconds, version);
                    else if (t.IsCanceled)
                        log.LogInformation("{Component} warm-up stopped: version {Version} was replaced.", warming.WarmUpSubject, version);
                    else if (t.IsFaulted)
                        log.LogError(t.Exception, "{Component} warm-up failed; requests compute what they need themselves (version {Version}).", warming.WarmUpSubject, version);
                }, TaskScheduler.Default);
        foreach (var u in model.Unavailable)
            log.LogWarning("Component {Component} is in the model but cannot be served here; recommendations fall back to the next recommender ({Order}). Reason: {Reason}",
                u.Name, string.Join(" > ", model.Recommenders.Select(r => r.Name)), u.Reason);
    }

    /// <summary>Writes a new version of the model folder in which the given components dropped the given users.</summary>
    public static void Rewrite(ServingModel model, IReadOnlyDictionary<string, (IUserDataComponent Component, HashSet<string> Keys)> holders)
    {
        var manifest = model.Reader.Manifest;
        using var writer = new ModelWriter(model.Directory, manifest.DataFingerprint, manifest.DataFormat);
        foreach (var (name, component) in manifest.Components)
        {
            var source = Path.Combine(model.Directory, name);
            var target = Path.GetDirectoryName(writer.PathFor(name, ModelManifest.FileName))!;
            IReadOnlyCollection<string> written = holders.TryGetValue(name, out var h) ? h.Component.WriteWithout(h.Keys, source, target) : [];
            foreach (var file in component.Files.Keys)
            {
                if (written.Contains(file))
                    continue;
                var to = writer.PathFor(name, file);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(Path.Combine(source, file), to);
            }
            writer.AddComponent(name, component.Kind, (JsonObject)component.Parameters.DeepClone(), (JsonObject)component.Metrics.DeepClone());
        }
        writer.Commit();
    }
}
