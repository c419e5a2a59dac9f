using System.Text.Json.Nodes;

namespace BundleForge.Neural;

/// <summary>The evidence of a <see cref="SequenceHistoryDecision"/> as JSON, the same in the manifest and in
/// <c>train --json</c>; a way not measured (a fixed rule) is null.</summary>
public static class HistoryEvidenceJson
{
    /// <summary><c>{"rule", "valid_ndcg@10_kept", "valid_ndcg@10_masked", "train_repeat_share"}</c>.</summary>
    public static JsonObject Of(SequenceHistoryDecision history) => new()
    {
        ["rule"] = history.Rule.ToString().ToLowerInvariant(),
        ["valid_ndcg@10_kept"] = Rounded(history.ValidNdcg10Kept),
        ["valid_ndcg@10_masked"] = Rounded(history.ValidNdcg10Masked),
        ["train_repeat_share"] = Rounded(history.TrainRepeatShare),
    };

    private static JsonNode? Rounded(double value) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 6)) : null;
}
