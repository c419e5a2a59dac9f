using BundleForge.Server.Events;
using BundleForge.Server.Serving;
using Microsoft.Extensions.Logging;

namespace BundleForge.Server.Models;

/// <summary>Owns the served model version: requests read <see cref="Current"/> once and keep that version; reloads and
/// erasures build a new version off to the side and swap it in atomically, one admin operation at a time.</summary>
public sealed class ModelHost
{
    private readonly SemaphoreSlim _admin = new(1, 1);
    private readonly ServingModelLoader _loader;
    private readonly ILogger _log;
    private volatile ServingModel _current;

    public ModelHost(ServingModel initial, ServingModelLoader loader, ILogger log)
    {
        _current = initial;
        _loader = loader;
        _log = log;
    }

    public ServingModel Current => _current;

    /// <summary>The outcome of a reload: the new version, or why the model on disk was refused.</summary>
    public sealed record ReloadResult(bool Ok, string PreviousVersion, string Version, string? Error);

    /// <summary>Loads the model folder again (without any user on the erasure list) and swaps it in; a model that
    /// fails verification is refused and the current one keeps serving.</summary>
    public async Task<ReloadResult> ReloadAsync(CancellationToken cancel)
    {
        await _admin.WaitAsync(cancel);
        try
        {
            var previous = _current;
            try
            {
                var next = _loader.Load(previous.Directory);
                ServingModelLoader.LogOutcome(next, _log);
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

    /// <summary>Erases a user everywhere: puts their key on the erasure list (so later models are cleaned too), then
    /// removes the live session, the stored events, and the user from every model component holding their data (a
    /// new model version without them is written and served).</summary>
    public async Task<ErasureResult> EraseAsync(string userKey, EventStore store, SessionTracker sessions, CancellationToken cancel)
    {
        await _admin.WaitAsync(cancel);
        try
        {
            // First, durably: whatever fails below, the next load or reload still removes the user.
            store.RecordErasure(userKey);
            bool session = sessions.Remove(userKey);
            int events = store.EraseUser(userKey);
            // An event that raced with the delete may have re-created the session after the first removal.
            session |= sessions.Remove(userKey);
            try
            {
                bool held = _current.Components.OfType<IUserDataComponent>().Any(c => c.Holds(userKey));
                // Erase from what is on disk now, which may be a newer version than the one being served; the loader
                // applies the erasure list, which now holds this user.
                var model = _loader.Load(_current.Directory);
                _current = model;
                ServingModelLoader.LogOutcome(model, _log);
                return new ErasureResult(events, session, held, model.Version);
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
}
