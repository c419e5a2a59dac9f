using System.Runtime.CompilerServices;

namespace BundleForge.Mining;

/// <summary>An FP-tree in parallel int arrays (no per-node objects). Node 0 is the root. Items are local indices
/// ordered so that every child's item is greater than its parent's (most frequent first); <see cref="Label"/> maps a
/// local item to its dense item id. Instances are reused across conditional trees of the same recursion depth.</summary>
internal sealed class FpTree
{
    private const long BytesPerNode = 6 * sizeof(int);
    private const long BytesPerItem = 4 * sizeof(int);

    public int NodeCount;
    public int[] Item = [];
    public int[] Count = [];
    public int[] Parent = [];
    /// <summary>Next node with the same item (the node-link list).</summary>
    public int[] Next = [];
    public int[] FirstChild = [];
    public int[] Sibling = [];

    public int ItemCount;
    /// <summary>First node of each item's node-link list, -1 when none.</summary>
    public int[] Head = [];
    /// <summary>Total count of each item in the tree (its support with the tree's prefix).</summary>
    public int[] Support = [];
    public int[] Label = [];
    /// <summary>The root's child for each item (O(1) lookup where fan-out is largest), -1 when none.</summary>
    public int[] RootChild = [];

    /// <summary>True while no node has two children; such a tree is mined by enumerating subsets of its path.</summary>
    public bool SinglePath;

    /// <summary>Bytes reserved from the guard for the arrays.</summary>
    public long ReservedBytes;

    /// <summary>Empties the tree for <paramref name="itemCount"/> items and room for <paramref name="nodeCapacity"/>
    /// nodes (root included). Head/RootChild are cleared; Support and Label are left for the caller to fill.</summary>
    public void Reset(int itemCount, long nodeCapacity, MemoryGuard guard)
    {
        if (nodeCapacity > Array.MaxLength)
            throw new DataException("An FP-tree would exceed two billion nodes. Raise the support or set --max-size.");
        int nodes = (int)nodeCapacity;
        if (Item.Length < nodes)
        {
            int cap = (int)Math.Min(Array.MaxLength, Math.Max(nodes, (long)Item.Length * 3 / 2));
            guard.Reserve((cap - Item.Length) * BytesPerNode, "an FP-tree");
            ReservedBytes += (cap - Item.Length) * BytesPerNode;
            Item = new int[cap];
            Count = new int[cap];
            Parent = new int[cap];
            Next = new int[cap];
            FirstChild = new int[cap];
            Sibling = new int[cap];
        }
        if (Head.Length < itemCount)
        {
            int cap = Math.Max(itemCount, Head.Length * 3 / 2);
            guard.Reserve((cap - Head.Length) * BytesPerItem, "an FP-tree");
            ReservedBytes += (cap - Head.Length) * BytesPerItem;
            Head = new int[cap];
            Support = new int[cap];
            Label = new int[cap];
            RootChild = new int[cap];
        }
        ItemCount = itemCount;
        Head.AsSpan(0, itemCount).Fill(-1);
        RootChild.AsSpan(0, itemCount).Fill(-1);
        NodeCount = 1;
        Item[0] = -1;
        Count[0] = 0;
        Parent[0] = -1;
        Next[0] = -1;
        FirstChild[0] = -1;
        Sibling[0] = -1;
        SinglePath = true;
    }

    /// <summary>Adds one path of local items with <paramref name="count"/>. <paramref name="path"/> holds the items in
    /// descending order (leaf first), as they come from walking a parent chain upwards.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void InsertReversed(ReadOnlySpan<int> path, int count)
    {
        int[] item = Item, cnt = Count, firstChild = FirstChild, sibling = Sibling;
        int cur = 0;
        int i = path.Length - 1;
        for (; i >= 0; i--)
        {
            int it = path[i];
            int child;
            if (cur == 0)
                child = RootChild[it];
            else
            {
                child = firstChild[cur];
                while (child >= 0 && item[child] != it)
                    child = sibling[child];
            }
            if (child < 0)
                break;
            cnt[child] += count;
            cur = child;
        }
        for (; i >= 0; i--)
            cur = AddChild(cur, path[i], count);
    }

    /// <summary>Creates a new child of <paramref name="parent"/> (the caller knows it does not exist yet).</summary>
    public int AddChild(int parent, int it, int count)
    {
        int node = NodeCount++;
        Item[node] = it;
        Count[node] = count;
        Parent[node] = parent;
        FirstChild[node] = -1;
        int first = FirstChild[parent];
        if (first >= 0)
            SinglePath = false;
        Sibling[node] = first;
        FirstChild[parent] = node;
        if (parent == 0)
            RootChild[it] = node;
        Next[node] = Head[it];
        Head[it] = node;
        return node;
    }
}
