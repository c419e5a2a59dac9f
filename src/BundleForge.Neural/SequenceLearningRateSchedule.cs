namespace BundleForge.Neural;

/// <summary>How the learning rate moves over the planned training steps (after the linear warm-up, if any).</summary>
public enum SequenceLearningRateSchedule
{
    /// <summary>The learning rate throughout.</summary>
    Constant,
    /// <summary>Half a cosine from the learning rate down to zero at the end of the last planned epoch: the late,
    /// small steps settle the model, which a constant rate keeps shaking.</summary>
    Cosine,
}

/// <summary>The learning-rate factor (0–1) of one training step under a schedule with linear warm-up.</summary>
internal static class SequenceLearningRate
{
    /// <summary>The factor of 0-based <paramref name="step"/> out of <paramref name="totalSteps"/> planned, with
    /// <paramref name="warmupSteps"/> steps rising linearly from near zero.</summary>
    public static double Factor(SequenceLearningRateSchedule schedule, int warmupSteps, long step, long totalSteps)
    {
        if (step < warmupSteps)
            return (step + 1.0) / warmupSteps;
        if (schedule == SequenceLearningRateSchedule.Constant)
            return 1.0;
        long decaySteps = Math.Max(totalSteps - warmupSteps, 1);
        double progress = Math.Clamp((double)(step - warmupSteps) / decaySteps, 0.0, 1.0);
        return 0.5 * (1.0 + Math.Cos(Math.PI * progress));
    }
}
