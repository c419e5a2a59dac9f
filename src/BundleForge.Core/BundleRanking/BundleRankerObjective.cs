namespace BundleForge.BundleRanking;

/// <summary>The validation figure the bundle ranker's settings are chosen by (<see cref="BundleRankerOptions.Objective"/>).</summary>
public enum BundleRankerObjective
{
    /// <summary>Validation NDCG@k, ties broken by Recall@k.</summary>
    Ndcg,

    /// <summary>Validation Recall@k + NDCG@k.</summary>
    RecallPlusNdcg,
}
