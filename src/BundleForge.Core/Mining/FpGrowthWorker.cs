using System.Runtime.CompilerServices;

namespace BundleForge.Mining;

/// <summary>One thread's FP-Growth recursion: conditional trees go into pooled per-depth <see cref="FpTree"/>s and
/// counting arrays indexed by local item, so the recursion allocates nothing once the pools have grown. Found
/// itemsets are buffered and handed to the sink in batches under a shared lock. The cancellation token is checked once
/// per conditional tree (or last-level count), so one first-level item of a dense data set cannot hold a stop for
/// minutes, and the loops inside a tree stay free of checks.</summary>
internal sealed class FpGrowthWorker
{
    private const int OutBatchItems = 1 << 16;
    private readonly int _minCount;
    private readonly int _maxSize;
    private readonly MemoryGuard _guard;
    private readonly IItemsetSink? _sink;
    private readonly object _sinkLock;
    private readonly CancellationToken _cancellation;
    private readonly List<FpTree> _trees = [];
    private readonly int[] _counts;
    private readonly int[] _map;
    private readonly int[] _path;
    private readonly int[] _prefix;
    private readonly int[] _pathLabel;
    private readonly int[] _pathCount;
    private readonly int[] _outItems;
    private readonly int[] _outSize;
    private readonly int[] _outSupport;
    private int _outLen;
    private int _outCount;
    // Prefix paths of the conditional tree being built (items leaf first, end offset and count of each path), pooled.
    private int[] _flat = [];
    private int[] _pathEnd = [];
    private int[] _pathCountOf = [];
    private long _pathBytes;

    public FpGrowthWorker(int frequentItems, int minCount, int maxSize, MemoryGuard guard, IItemsetSink? sink, object sinkLock,
        CancellationToken cancellation = default)
    {
        _cancellation = cancellation;
        _minCount = minCount;
        _maxSize = maxSize;
        _guard = guard;
        _sink = sink;
        _sinkLock = sinkLock;
        int n = Math.Max(1, frequentItems);
        _counts = new int[n];
        _map = new int[n];
        _path = new int[n];
        _prefix = new int[n + 1];
        _pathLabel = new int[n];
        _pathCount = new int[n];
        if (sink is not null)
        {
            _outItems = new int[Math.Max(OutBatchItems, n + 1)];
            _outSize = new int[OutBatchItems];
            _outSupport = new int[OutBatchItems];
        }
        else
            _outItems = _outSize = _outSupport = [];
        ScratchBytes = 6L * n * sizeof(int) + (_outItems.Length + _outSize.Length + _outSupport.Length) * (long)sizeof(int);
        guard.Reserve(ScratchBytes, "FP-Growth scratch arrays");
    }

    public long Itemsets { get; private set; }
    public int Longest { get; private set; }
    private long ScratchBytes { get; }

    /// <summary>Mines every itemset of a whole tree (used when the top level is not split across threads).</summary>
    public void MineAll(FpTree tree) => Mine(tree, 0);

    /// <summary>Mines the itemsets whose least frequent item is <paramref name="x"/> in the global tree.</summary>
    public void MineFirstLevel(FpTree global, int x)
    {
        _prefix[0] = global.Label[x];
        Emit(1, global.Support[x]);
        if (_maxSize > 1 && x > 0)
            Extend(global, x, 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Mine(FpTree tree, int len)
    {
        if (tree.SinglePath)
        {
            EnumeratePath(tree, len);
            return;
        }
        for (int x = tree.ItemCount - 1; x >= 0; x--)
        {
            _prefix[len] = tree.Label[x];
            Emit(len + 1, tree.Support[x]);
            if (len + 1 < _maxSize && x > 0)
                Extend(tree, x, len + 1);
        }
    }

    /// <summary>Mines the itemsets extending the prefix of length <paramref name="len"/> (ending in item
    /// <paramref name="x"/> of <paramref name="tree"/>). When they can only be one item longer (the --max-size
    /// bound), counting the prefix paths is enough: no conditional tree is built.</summary>
    private void Extend(FpTree tree, int x, int len)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (len + 1 == _maxSize)
        {
            EmitLastLevel(tree, x, len);
            return;
        }
        var child = TreeAt(len);
        if (BuildConditional(tree, x, child))
            Mine(child, len);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EmitLastLevel(FpTree source, int x, int len)
    {
        int[] counts = _counts, sItem = source.Item, sCount = source.Count, sParent = source.Parent, sNext = source.Next;
        for (int n = source.Head[x]; n >= 0; n = sNext[n])
        {
            int c = sCount[n];
            for (int p = sParent[n]; p > 0; p = sParent[p])
                counts[sItem[p]] += c;
        }
        for (int j = 0; j < x; j++)
        {
            if (counts[j] >= _minCount)
            {
                _prefix[len] = source.Label[j];
                Emit(len + 1, counts[j]);
            }
            counts[j] = 0;
        }
    }

    /// <summary>A single-path tree: every subset of the path (with the prefix) is frequent, with the count of its
    /// deepest node.</summary>
    private void EnumeratePath(FpTree tree, int len)
    {
        int m = 0;
        for (int n = tree.FirstChild[0]; n >= 0; n = tree.FirstChild[n])
        {
            _pathLabel[m] = tree.Label[tree.Item[n]];
            _pathCount[m] = tree.Count[n];
            m++;
        }
        Choose(0, m, len);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Choose(int start, int m, int len)
    {
        for (int i = start; i < m; i++)
        {
            // A long single path has 2^m subsets and builds no tree: check every 4,096 itemsets.
            if ((Itemsets & 4095) == 0)
                _cancellation.ThrowIfCancellationRequested();
            _prefix[len] = _pathLabel[i];
            Emit(len + 1, _pathCount[i]);
            if (len + 1 < _maxSize)
                Choose(i + 1, m, len + 1);
        }
    }

    /// <summary>Builds the conditional tree of item <paramref name="x"/> of <paramref name="source"/> into
    /// <paramref name="target"/>: its prefix paths, keeping only items frequent among them. False when none is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool BuildConditional(FpTree source, int x, FpTree target)
    {
        int[] counts = _counts, map = _map, sItem = source.Item, sCount = source.Count, sParent = source.Parent, sNext = source.Next;
        // Walking parent chains jumps around memory; the first walk copies each prefix path (leaf first) into a flat
        // buffer so that the second pass, which inserts the paths, reads sequentially instead of walking them again.
        // A prefix path holds at most x items (all ranks below x), so room for x more before each path suffices.
        int[] flat = _flat, ends = _pathEnd, pathCounts = _pathCountOf;
        int w = 0, k = 0;
        for (int n = source.Head[x]; n >= 0; n = sNext[n])
        {
            if (flat.Length - w < x || k == ends.Length)
            {
                EnsurePathBuffers((long)w + x, k + 1);
                flat = _flat;
                ends = _pathEnd;
                pathCounts = _pathCountOf;
            }
            int c = sCount[n];
            for (int p = sParent[n]; p > 0; p = sParent[p])
            {
                int it = sItem[p];
                counts[it] += c;
                flat[w++] = it;
            }
            ends[k] = w;
            pathCounts[k++] = c;
        }
        if (w == 0)
            return false;
        int kept = 0, min = _minCount;
        for (int j = 0; j < x; j++)
            map[j] = counts[j] >= min ? kept++ : -1;
        if (kept == 0)
        {
            counts.AsSpan(0, x).Clear();
            return false;
        }
        target.Reset(kept, w + 1L, _guard);
        int[] label = target.Label, support = target.Support, sLabel = source.Label;
        for (int j = 0; j < x; j++)
        {
            int m = map[j];
            if (m >= 0)
            { label[m] = sLabel[j]; support[m] = counts[j]; }
            counts[j] = 0;
        }
        int[] path = _path;
        for (int q = 0, start = 0; q < k; start = ends[q++])
        {
            int len = 0;
            for (int r = start; r < ends[q]; r++)
            {
                int m = map[flat[r]];
                if (m >= 0)
                    path[len++] = m;
            }
            if (len > 0)
                target.InsertReversed(path.AsSpan(0, len), pathCounts[q]);
        }
        return true;
    }

    private void EnsurePathBuffers(long items, int paths)
    {
        if (items > Array.MaxLength)
            throw new DataException("A conditional FP-tree would exceed two billion nodes. Raise the support or set --max-size.");
        if (_flat.Length < items)
        {
            int cap = (int)Math.Min(Array.MaxLength, Math.Max(items, _flat.Length * 3L / 2));
            _guard.Reserve((cap - (long)_flat.Length) * sizeof(int), "FP-Growth path buffers");
            _pathBytes += (cap - (long)_flat.Length) * sizeof(int);
            Array.Resize(ref _flat, cap);
        }
        if (_pathEnd.Length < paths)
        {
            int cap = Math.Max(paths, _pathEnd.Length * 3 / 2);
            _guard.Reserve((cap - (long)_pathEnd.Length) * 2 * sizeof(int), "FP-Growth path buffers");
            _pathBytes += (cap - (long)_pathEnd.Length) * 2 * sizeof(int);
            Array.Resize(ref _pathEnd, cap);
            Array.Resize(ref _pathCountOf, cap);
        }
    }

    private FpTree TreeAt(int depth)
    {
        while (_trees.Count <= depth)
            _trees.Add(new FpTree());
        return _trees[depth];
    }

    private void Emit(int len, int support)
    {
        Itemsets++;
        if (len > Longest)
            Longest = len;
        if (_sink is null)
            return;
        if (_outLen + len > _outItems.Length || _outCount == _outSize.Length)
            Flush();
        _prefix.AsSpan(0, len).CopyTo(_outItems.AsSpan(_outLen));
        _outLen += len;
        _outSize[_outCount] = len;
        _outSupport[_outCount++] = support;
    }

    /// <summary>Hands buffered itemsets to the sink.</summary>
    public void Flush()
    {
        if (_sink is null || _outCount == 0)
            return;
        lock (_sinkLock)
        {
            int off = 0;
            for (int i = 0; i < _outCount; i++)
            {
                _sink.Add(_outItems.AsSpan(off, _outSize[i]), _outSupport[i]);
                off += _outSize[i];
            }
        }
        _outLen = 0;
        _outCount = 0;
    }

    /// <summary>Returns the pooled memory to the guard.</summary>
    public void Release()
    {
        long bytes = ScratchBytes + _pathBytes;
        _pathBytes = 0;
        foreach (var t in _trees)
            bytes += t.ReservedBytes;
        _guard.Release(bytes);
        _trees.Clear();
    }
}
