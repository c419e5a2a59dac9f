namespace BundleForge.Server.Serving;

/// <summary>Per-user purchase histories held in a model component, keyed by pseudonymous key.</summary>
public interface IPurchaseHistories : IServingComponent
{
    /// <summary>Distinct items the user bought (most recent last), or an empty array for an unknown user.</summary>
    int[] HistoryOf(string userKey);
}
