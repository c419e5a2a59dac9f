using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Privacy;
using BundleForge.Server.Events;
using Microsoft.Extensions.Logging;

namespace BundleForge.Server.Serving;

/// <summary>Owns the served model version: requests read <see cref="Current"/> once and keep that version; reloads and
/// erasures build a new version off to the side and swap it in atomically, one admin operation at a time.</summary>
public sealed class ModelHost
{
    private readonly SemaphoreSlim _admin = new(1, 1);
    private readonly Pseudonymizer _pseudonymizer;
    private readonly IReadOnlyList<IServingComponentFactory> _factories;
    private readonly ILogger _log;
    private volatile ServingModel _current;

    public ModelHost(ServingModel initial, Pseudonymizer pseudonymizer, IReadOnlyList<IServingComponentFactory> factories, ILogger log)
    {
        _current = initial;
        _pseudonymizer = pseudonymizer;
        _factories = factories;
        _log = log;
    }

    public ServingModel Current => _current;

    /// <summary>The outcome of a reload: the new version, or why the model on disk was refused.</summary>
    public sealed record ReloadResult(bool Ok, string PreviousVersion, string Version, string? Error);

    /// <summary>Loads the model folder again and swaps it in; a model that fails verification is refused and the
    /// current one keeps serving.</summary>
    public async Task<ReloadResult> ReloadAsync(CancellationToken cancel)
    {
        await _admin.WaitAsync(cancel);
        try
        {
            var previous = _current;
            try
            {
                var next = ServingModel.Load(previous.Directory, _pseudonymizer, _factories);
                _current = next;
                _log.LogInformation("Model reloaded: {PreviousVersion} -> {Version} ({Components})", previous.Version, next.Version, string.Join(", ", next.Components.Select(c => c.Name)));
                return new ReloadResult(true, previous.Version, next.Version, null);
            }
            catch (DataException e)
            {
                var reason = e.File is null ? e.Reason : $"{e.Reason} ({Path.GetFileName(e.File)})";
                _log.LogWarning("Model reload refused, still serving {Version}: {Reason}", previous.Version, reason);
                return new ReloadResult(false, previous.Version, previous.Version, reason);
            }
        }
        finally { _admin.Release(); }
    }

    /// <summary>What an erasure removed.</summary>
    public sealed record ErasureResult(int EventsDeleted, bool SessionRemoved, bool ProfileRemoved, string ModelVersion, string? Error = null);

    /// <summary>Erases a user everywhere: live session, stored events, and every model component holding their data
    /// (a new model version without them is written and served).</summary>
    public async Task<ErasureResult> EraseAsync(string userKey, EventStore store, SessionTracker sessions, CancellationToken cancel)
    {
        await _admin.WaitAsync(cancel);
        try
        {
            bool session = sessions.Remove(userKey);
            int events = store.EraseUser(userKey);
            // An event that raced with the delete may have re-created the session after the first removal.
            session |= sessions.Remove(userKey);
            try
            {
                // Erase from what is on disk now, which may be a newer version than the one being served.
                var model = ServingModel.Load(_current.Directory, _pseudonymizer, _factories);
                var holders = model.Components.OfType<IUserDataComponent>().Where(c => c.Holds(userKey)).ToList();
                if (holders.Count > 0)
                {
                    RewriteWithout(model, userKey, holders);
                    model = ServingModel.Load(model.Directory, _pseudonymizer, _factories);
                }
                _current = model;
                return new ErasureResult(events, session, holders.Count > 0, model.Version);
            }
            catch (DataException e)
            {
                // Events and session are gone; the profile is not. DELETE is idempotent: fix the model and repeat.
                var reason = e.File is null ? e.Reason : $"{e.Reason} ({Path.GetFileName(e.File)})";
                _log.LogError("Erasure incomplete: the model on disk was refused: {Reason}", reason);
                return new ErasureResult(events, session, false, _current.Version, reason);
            }
        }
        finally { _admin.Release(); }
    }

    private static void RewriteWithout(ServingModel model, string userKey, List<IUserDataComponent> holders)
    {
        var manifest = model.Reader.Manifest;
        using var writer = new ModelWriter(model.Directory, manifest.DataFingerprint, manifest.DataFormat);
        foreach (var (name, component) in manifest.Components)
        {
            var source = Path.Combine(model.Directory, name);
            var target = Path.GetDirectoryName(writer.PathFor(name, ModelManifest.FileName))!;
            var written = holders.FirstOrDefault(h => h.Name == name)?.WriteWithout(userKey, source, target) ?? [];
            foreach (var file in component.Files.Keys)
            {
                if (written.Contains(file)) continue;
                var to = writer.PathFor(name, file);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(Path.Combine(source, file), to);
            }
            writer.AddComponent(name, component.Kind, (JsonObject)component.Parameters.DeepClone(), (JsonObject)component.Metrics.DeepClone());
        }
        writer.Commit();
    }
}
