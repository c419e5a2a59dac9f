using BundleForge.Evaluation.NextBasket;
using BundleForge.Recommendation;

namespace BundleForge.Evaluation;

/// <summary>Result of <see cref="NextBasketTask"/>: the model folder's next-basket ranker (when it has one) and every
/// baseline under the same time split, with the parameters chosen on validation.</summary>
public sealed record NextBasketTaskResult : EvaluationResult
{
    /// <summary>The protocol in words.</summary>
    public required string Protocol { get; init; }
    /// <summary>Days tested on.</summary>
    public required int TestDays { get; init; }
    /// <summary>Days of the validation period.</summary>
    public required int ValidationDays { get; init; }
    /// <summary>First second of the test period (UTC).</summary>
    public required DateTime TestStart { get; init; }
    /// <summary>First second of the validation period (UTC).</summary>
    public required DateTime ValidationStart { get; init; }
    /// <summary>Last order the model folder was trained on (UTC), when it says.</summary>
    public DateTime? ModelTrainedUntil { get; init; }
    /// <summary>Customers tested (a history and an order in the test period).</summary>
    public required int Cases { get; init; }
    /// <summary>Customers of the validation period.</summary>
    public required int ValidationCases { get; init; }
    /// <summary>Customers whose first order ever fell in the test period (not evaluated).</summary>
    public required int BuyersWithoutHistory { get; init; }
    /// <summary>The folder's <c>nextbasket</c> ranker; null when the folder has none.</summary>
    public NextBasketMetrics? Model { get; init; }
    /// <summary>The list the folder's ranker serves (its learned ranking, or the baseline that ranked the fitting period
    /// better; <see cref="ServedPolicyRule"/>), when the folder has one.</summary>
    public ServedPolicy? Served { get; init; }
    /// <summary>Baselines by name (<c>popularity</c>, <c>personal_top</c>, <c>tifu_knn</c>, and <c>item2vec</c> and
    /// <c>sasrec</c> when the folder has them), in that order.</summary>
    public required IReadOnlyList<KeyValuePair<string, NextBasketMetrics>> Baselines { get; init; }
    /// <summary>personal_top's half-life chosen on validation, in days.</summary>
    public required double PersonalTopHalfLifeDays { get; init; }
    /// <summary>TIFU-KNN's parameters chosen on validation.</summary>
    public required TifuKnnParameters TifuKnn { get; init; }
    /// <summary>TIFU-KNN's validation NDCG@10 with them.</summary>
    public required double TifuKnnValidationNdcg { get; init; }
    /// <summary>TIFU-KNN settings tried.</summary>
    public required int TifuKnnSettingsTried { get; init; }
    /// <summary>Seconds the whole task took.</summary>
    public double Seconds { get; init; }
}
