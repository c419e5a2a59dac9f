using BundleForge.Evaluation.Metrics;

namespace BundleForge.Evaluation;

/// <summary>Result of <see cref="ColdItemsTask"/>: how well each method ranks, for a customer, the never-sold items of
/// their next order among every never-sold item.</summary>
public sealed record ColdItemsTaskResult : EvaluationResult
{
    /// <summary>The protocol in words.</summary>
    public required string Protocol { get; init; }
    /// <summary>The method reported as the model (<c>text_to_item2vec</c>).</summary>
    public required string ModelName { get; init; }
    /// <summary>The model's metrics.</summary>
    public required RankingMetrics Model { get; init; }
    /// <summary>The other methods by name (<c>text_to_item2vec_mean</c>, <c>text_nearest</c>, <c>text_profile</c>,
    /// <c>item2vec_content</c>, <c>tfidf_titles</c>, <c>random</c>), under the same cases; <c>random</c> counts each
    /// of its seeded draws as a user.</summary>
    public required IReadOnlyList<KeyValuePair<string, RankingMetrics>> Baselines { get; init; }
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
