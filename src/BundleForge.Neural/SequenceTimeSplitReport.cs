using BundleForge.Evaluation.Metrics;

namespace BundleForge.Neural;

/// <summary>How a sequence model trained on a time split did: when the test period starts, the users tested and the
/// buyers in it without any history, and leave-last-out inside the training period (where early stopping looked).</summary>
public sealed record SequenceTimeSplitReport(
    DateTime TestStartUtc, int TestUsers, int BuyersWithoutHistory, RankingMetrics TrainingPeriodMetrics, RankingMetrics TrainingPeriodPopularity);
