namespace BundleForge.Evaluation.BasketCompletion;

/// <summary>One held-out basket with one item hidden: rank <see cref="Target"/> given <see cref="Visible"/>.</summary>
public sealed record BasketCompletionQuery(int[] Visible, int Target);
