namespace BundleForge.Evaluation;

/// <summary>Base of the options records of the evaluation tasks (one record per task).</summary>
public abstract record EvaluationOptions;
