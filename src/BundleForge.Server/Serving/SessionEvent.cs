namespace BundleForge.Server.Serving;

/// <summary>One live event of a user on a catalog item (dense id), as recommenders see it.</summary>
public readonly record struct SessionEvent(int Item, EventType Type, long UnixSeconds);
