namespace BundleForge.Server.Serving;

/// <summary>A component the model folder has but this server could not run, and why.</summary>
public sealed record UnavailableComponent(string Name, string Reason);
