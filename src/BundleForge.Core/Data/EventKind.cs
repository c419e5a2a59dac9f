namespace BundleForge.Data;

/// <summary>The kind of a behaviour event; purchases form baskets, views and carts feed profiles.</summary>
public enum EventKind : byte
{
    Purchase = 0,
    Cart = 1,
    View = 2,
}
