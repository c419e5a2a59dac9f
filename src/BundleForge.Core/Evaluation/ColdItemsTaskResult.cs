using BundleForge.Embeddings;
using BundleForge.Evaluation.Metrics;

namespace BundleForge.Evaluation;

/// <summary>Result of <see cref="ColdItemsTask"/>: how well each method ranks, for a customer, the never-sold items of
/// their next order among every never-sold item.</summary>
public sealed record ColdItemsTaskResult : EvaluationResult
{
    /// <summary>The protocol in words.</summary>
    public required string Protocol { get; init; }
    /// <summary>The method reported as the model (<c>new_item_blend</c>).</summary>
    public required string ModelName { get; init; }
    /// <summary>The model's metrics.</summary>
    public required RankingMetrics Model { get; init; }
    /// <summary>The other methods by name (<c>neighbour_map</c>, <c>text_nearest</c>, <c>tfidf_titles</c>,
    /// <c>text_to_item2vec</c>, <c>text_to_item2vec_mean</c>, <c>text_profile</c>, <c>item2vec_content</c>,
    /// <c>random</c>), under the same cases; <c>random</c> counts each of its seeded draws as a user.</summary>
    public required IReadOnlyList<KeyValuePair<string, RankingMetrics>> Baselines { get; init; }
    /// <summary>Bootstrap intervals of every method (the model first), over the customers.</summary>
    public required IReadOnlyList<ColdItemsInterval> Intervals { get; init; }
    /// <summary>The paired bootstrap interval of the model's figures minus <c>tfidf_titles</c>'.</summary>
    public required ColdItemsInterval ModelMinusTfIdf { get; init; }
    /// <summary>The new-item rule the model used.</summary>
    public required NewItemBlend Blend { get; init; }
    /// <summary>Where the rule came from: the model folder, or fitted by the task on the validation period.</summary>
    public required string BlendFrom { get; init; }
    /// <summary>Days tested on.</summary>
    public required int TestDays { get; init; }
    /// <summary>First second of the test period (UTC).</summary>
    public required DateTime TestStart { get; init; }
    /// <summary>Last order the model folder was trained on (UTC).</summary>
    public DateTime? ModelTrainedUntil { get; init; }
    /// <summary>Cases: customers whose first test order holds at least one never-sold item.</summary>
    public required int Cases { get; init; }
    /// <summary>Candidates: items never sold before the test period that have a title.</summary>
    public required int Candidates { get; init; }
    /// <summary>Mean never-sold items per case (the relevant set).</summary>
    public required double MeanTargets { get; init; }
    /// <summary>Items the text-to-item2vec map was fitted on.</summary>
    public required int MapRows { get; init; }
    /// <summary>The map's ridge penalty chosen on its held-out tenth.</summary>
    public required double MapLambda { get; init; }
    /// <summary>The map's mean cosine on its held-out tenth (mapped vs trained item2vec vector).</summary>
    public required double MapValidationCosine { get; init; }
    /// <summary>Seconds the whole task took.</summary>
    public double Seconds { get; init; }
}

/// <summary>A 95 % bootstrap interval (2.5th to 97.5th percentile over resamples of the <paramref name="Customers"/>)
/// of a method's mean HR@10 and NDCG@10, or of a paired difference of two methods.</summary>
public sealed record ColdItemsInterval(string Method, int Customers, double HitRateLow, double HitRateHigh, double NdcgLow, double NdcgHigh);
