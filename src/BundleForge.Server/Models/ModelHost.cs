using System.Text.RegularExpressions;
using BundleForge.Server.Events;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Models;

/// <summary>Owns the served model version: a request takes a <see cref="ModelLease"/> on the current version and keeps
/// that version; reloads and erasures build a new version off to the side, swap it in atomically (one admin operation
/// at a time) and retire the old one, whose background work stops at once and whose memory is released when the last
/// request using it is done.</summary>
public sealed partial class ModelHost : IDisposable
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

    /// <summary>The version served now, for reading what does not outlive a call (its version, its counters). A request
    /// that uses the components takes a lease with <see cref="Acquire"/> instead.</summary>
    public ServingModel Current => _current;

    /// <summary>A hold on the current version until the lease is disposed.</summary>
    public ModelLease Acquire()
    {
        while (true)
        {
            var model = _current;
            // Fails only when the version was swapped out and freed after it was read: read the new one.
            if (model.TryHold())
                return new ModelLease(model);
        }
    }

    /// <summary>How a reload ended: swapped in, refused (the folder fails verification: 409) or failed (the server could
    /// not load it, e.g. out of memory: 503). The old version keeps serving unless it was swapped in.</summary>
    public enum ReloadOutcome { Reloaded, Refused, Failed }

    /// <summary>The outcome of a reload: the new version, or why the model on disk was not served.</summary>
    public sealed record ReloadResult(ReloadOutcome Outcome, string PreviousVersion, string Version, string? Error)
    {
        public bool Ok => Outcome == ReloadOutcome.Reloaded;
    }

    /// <summary>Loads the model folder again (without any user on the erasure list) and swaps it in; whatever stops the
    /// load (verification, a missing file, running out of memory) leaves the current version serving.</summary>
    public async Task<ReloadResult> ReloadAsync(CancellationToken cancel)
    {
        await _admin.WaitAsync(cancel);
        try
        {
            var previous = _current;
            var (next, outcome, reason) = TryLoad(previous);
            if (next is null)
            {
                _log.LogWarning("Model reload {Outcome}, still serving {Version}: {Reason}", outcome == ReloadOutcome.Refused ? "refused" : "failed", previous.Version, reason);
                return new ReloadResult(outcome, previous.Version, previous.Version, reason);
            }
            ServingModelLoader.LogOutcome(next, _log);
            Swap(next);
            _log.LogInformation("Model reloaded: {PreviousVersion} -> {Version} ({Components})", previous.Version, next.Version, string.Join(", ", next.Components.Select(c => c.Name)));
            return new ReloadResult(ReloadOutcome.Reloaded, previous.Version, next.Version, null);
        }
        finally { _admin.Release(); }
    }

    /// <summary>What an erasure removed; <see cref="Error"/> says why the model could not be rewritten (refused when
    /// <see cref="Failed"/> is false, a server failure when true).</summary>
    public sealed record ErasureResult(int EventsDeleted, bool SessionRemoved, bool ProfileRemoved, string ModelVersion, string? Error = null, bool Failed = false);

    /// <summary>Erases a user everywhere: puts their key on the erasure list (so later models are cleaned too), then
    /// removes the live session, the stored events, and the user from every model component holding their data (a
    /// new model version without them is written and served).</summary>
    public async Task<ErasureResult> EraseAsync(string userKey, ICustomerEvents customers, CancellationToken cancel)
    {
        await _admin.WaitAsync(cancel);
        try
        {
            // First, durably: whatever fails below, the next load or reload still removes the user.
            var (events, session) = await customers.EraseAsync(userKey, cancel);
            var previous = _current;
            bool held = false;
            foreach (var c in previous.Components)
                held |= c is IUserDataComponent d && d.Holds(userKey);
            // Erase from what is on disk now, which may be a newer version than the one being served; the loader
            // applies the erasure list, which now holds this user.
            var (next, outcome, reason) = TryLoad(previous);
            if (next is null)
            {
                // Events and session are gone; the profile is not. DELETE is idempotent: fix the model and repeat.
                _log.LogError("Erasure incomplete: the model on disk could not be loaded ({Outcome}): {Reason}", outcome, reason);
                return new ErasureResult(events, session, false, previous.Version, reason, outcome == ReloadOutcome.Failed);
            }
            ServingModelLoader.LogOutcome(next, _log);
            Swap(next);
            return new ErasureResult(events, session, held, next.Version);
        }
        finally { _admin.Release(); }
    }

    /// <summary>Loads the folder of <paramref name="previous"/>; on failure, why (paths reduced to their last part:
    /// the reason goes back to the client).</summary>
    private (ServingModel? Model, ReloadOutcome Outcome, string? Reason) TryLoad(ServingModel previous)
    {
        try
        {
            return (_loader.Load(previous.Directory), ReloadOutcome.Reloaded, null);
        }
        catch (DataException e)
        {
            return (null, ReloadOutcome.Refused, e.File is null ? e.Reason : $"{e.Reason} ({Path.GetFileName(e.File)})");
        }
        catch (Exception e) when (e is OutOfMemoryException or InsufficientMemoryException)
        {
            _log.LogError(e, "Out of memory loading a new model version beside {Version}", previous.Version);
            // What the failed load allocated is garbage now; give it back before the next request needs it.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            return (null, ReloadOutcome.Failed, "There is not enough memory to load the new version beside the one being served.");
        }
        catch (Exception e)
        {
            _log.LogError(e, "Loading a new model version failed; still serving {Version}", previous.Version);
            return (null, ReloadOutcome.Failed, $"Loading the model failed ({e.GetType().Name}): {AbsolutePath().Replace(e.Message, m => Path.GetFileName(m.Value.TrimEnd('/')))}");
        }
    }

    /// <summary>An absolute file path inside a message (the server's directory layout is not the client's business).</summary>
    [GeneratedRegex(@"(?:/[^\s'""/:]+)+/?")]
    private static partial Regex AbsolutePath();

    private void Swap(ServingModel next)
    {
        var old = _current;
        _current = next;
        // Its warm-up stops now; its memory goes when the requests that started on it have answered.
        old.Dispose();
    }

    /// <summary>Retires the served version (host shutdown).</summary>
    public void Dispose() => _current.Dispose();
}
