using System.Collections.Concurrent;

namespace BundleForge.Bundles.Composition;

/// <summary>Remembers the bundles composed for recent requests, so a shopper who comes back to a page (or a front end
/// that asks again) costs a lookup and a fresh pricing instead of a new search. Sound only where the composition is a
/// function of the key — the user, their purchase history, the cart, the item looked at and the count — as in the
/// served engine, whose candidate sources and pair scores are fixed for the life of the model. Prices are
/// never cached: every request is priced again (Thompson draws, the latest feedback). Bounded: two generations of at
/// most half the capacity each; when the newer one fills up, the older is dropped and a hit in it is promoted, so
/// memory stays flat and recently used keys survive (a working set of up to half the capacity is always kept).
/// Thread-safe without locks on the read path.</summary>
public sealed class CompositionCache
{
    private ConcurrentDictionary<Key, IReadOnlyList<ComposedBundle>> _current = new();
    private ConcurrentDictionary<Key, IReadOnlyList<ComposedBundle>> _previous = new();
    private readonly object _rotate = new();
    private readonly int _generation;
    private int _added;
    private long _hits, _misses;

    /// <param name="capacity">At most this many requests are remembered (at least 2).</param>
    public CompositionCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        Capacity = capacity;
        _generation = capacity / 2;
    }

    public int Capacity { get; }
    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The bundles remembered for this user, cart, item and count, or those <paramref name="compose"/> makes
    /// (then remembered, unless <paramref name="remember"/> says no: a composition cut short by a request budget is not
    /// the composition of the key).</summary>
    public IReadOnlyList<ComposedBundle> GetOrCompose(UserContext user, int count, Func<IReadOnlyList<ComposedBundle>> compose, Func<bool>? remember = null)
    {
        var key = new Key(user.User, user.Anchor, count, user.Cart, user.History);
        if (Volatile.Read(ref _current).TryGetValue(key, out var found))
        {
            Interlocked.Increment(ref _hits);
            return found;
        }
        if (Volatile.Read(ref _previous).TryGetValue(key, out found))
        {
            Interlocked.Increment(ref _hits);
            Add(key, found); // promoted: it survives the next rotation
            return found;
        }
        Interlocked.Increment(ref _misses);
        var composed = compose();
        if (remember is null || remember())
            Add(key, composed);
        return composed;
    }

    private void Add(Key key, IReadOnlyList<ComposedBundle> value)
    {
        if (!Volatile.Read(ref _current).TryAdd(key, value))
            return;
        if (Interlocked.Increment(ref _added) < _generation)
            return;
        lock (_rotate)
        {
            if (Volatile.Read(ref _added) < _generation)
                return;
            Volatile.Write(ref _previous, _current);
            Volatile.Write(ref _current, new ConcurrentDictionary<Key, IReadOnlyList<ComposedBundle>>());
            Volatile.Write(ref _added, 0);
        }
    }

    /// <summary>A request as the composer sees it: the cart and the purchase history compare by content, in order (a
    /// purchase in the live session makes a new key).</summary>
    private readonly struct Key(int user, int anchor, int count, int[] cart, int[] history) : IEquatable<Key>
    {
        private readonly int _user = user, _anchor = anchor, _count = count;
        private readonly int[] _cart = cart, _history = history;

        public bool Equals(Key other) =>
            _user == other._user && _anchor == other._anchor && _count == other._count
            && _cart.AsSpan().SequenceEqual(other._cart) && _history.AsSpan().SequenceEqual(other._history);

        public override bool Equals(object? obj) => obj is Key k && Equals(k);

        public override int GetHashCode()
        {
            var h = new HashCode();
            h.Add(_user);
            h.Add(_anchor);
            h.Add(_count);
            h.Add(_history.Length);
            foreach (int i in _cart)
                h.Add(i);
            // The newest purchases tell histories of one user apart; the rest is compared on a hash match.
            for (int k = Math.Max(0, _history.Length - 8); k < _history.Length; k++)
                h.Add(_history[k]);
            return h.ToHashCode();
        }
    }
}
