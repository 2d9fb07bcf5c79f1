package io.ardm.ardm;

import java.util.Arrays;

/**
 * Running estimate of the per-step loss components L_t in bits per dimension (spec §4.1, the official
 * {@code KLTracker}): one exponential moving average per generation step, updated once per datapoint
 * with momentum 0.95, so each value follows roughly its last 20 single-sample estimates. Their sum
 * approximates the training NELBO; {@link PolicySolver} turns them into parallel schedules.
 * Not thread-safe.
 */
public final class LossComponents {
    /** EMA momentum per sample, as in the official code. */
    public static final double MOMENTUM = 0.95;

    private final double[] ema;
    private final long[] counts;

    /** A tracker for {@code steps} generation steps (N; S·D for upscale models), nothing seen yet. */
    public LossComponents(int steps) {
        if (steps < 1) throw new IllegalArgumentException("loss components need at least one step, got " + steps);
        ema = new double[steps];
        counts = new long[steps];
    }

    private LossComponents(double[] ema, long[] counts) {
        this.ema = ema;
        this.counts = counts;
    }

    /**
     * Components from a dense estimate, e.g. per-step means of evaluation passes; every step counts as
     * seen once, so later {@link #update} calls blend into these values.
     */
    public static LossComponents fromMeans(double[] means) {
        long[] ones = new long[means.length];
        Arrays.fill(ones, 1);
        return restore(means, ones);
    }

    /** Rebuilds a tracker from {@link #emaValues()} and {@link #counts()} (e.g. read from a checkpoint). */
    public static LossComponents restore(double[] emaValues, long[] counts) {
        if (emaValues.length != counts.length) {
            throw new IllegalArgumentException("loss components: " + emaValues.length + " values but "
                    + counts.length + " counts");
        }
        if (emaValues.length == 0) throw new IllegalArgumentException("loss components need at least one step");
        for (int t = 0; t < counts.length; t++) {
            if (counts[t] < 0) throw new IllegalArgumentException("negative count " + counts[t] + " at step " + t);
            if (!Double.isFinite(emaValues[t])) {
                throw new IllegalArgumentException("non-finite loss component " + emaValues[t] + " at step " + t);
            }
        }
        return new LossComponents(emaValues.clone(), counts.clone());
    }

    /**
     * These components of {@code stages} stages of D steps each, as if every stage had {@code length} steps: step t' of
     * stage g takes step ⌊t'·D/length⌋'s value scaled by D/length, so each stage's sum (its bits per dimension) stays
     * the same when length is a multiple of D.
     */
    public LossComponents stretchedTo(int stages, int length) {
        if (stages < 1 || ema.length % stages != 0) throw new IllegalArgumentException(ema.length + " components are not " + stages + " stages");
        if (length < 1) throw new IllegalArgumentException("a stage needs at least one step, not " + length);
        int d = ema.length / stages;
        double[] values = new double[stages * length];
        long[] seen = new long[stages * length];
        for (int g = 0; g < stages; g++) {
            for (int t = 0; t < length; t++) {
                int from = g * d + (int) ((long) t * d / length);
                values[g * length + t] = ema[from] * d / length;
                seen[g * length + t] = counts[from];
            }
        }
        return new LossComponents(values, seen);
    }

    public int steps() {
        return ema.length;
    }

    /** Adds one single-sample estimate {@code bits} (bits/dim, i.e. −ELBO of step t) for step {@code step}. */
    public void update(int step, double bits) {
        if (step < 0 || step >= ema.length) {
            throw new IllegalArgumentException("step " + step + " outside [0, " + ema.length + ")");
        }
        // One NaN would poison the average for good, so it is refused here rather than found later.
        if (!Double.isFinite(bits)) {
            throw new IllegalArgumentException("non-finite loss " + bits + " for step " + step);
        }
        ema[step] = counts[step] == 0 ? bits : MOMENTUM * ema[step] + (1 - MOMENTUM) * bits;
        counts[step]++;
    }

    /** {@link #update(int, double)} for each pair, in order (order matters for the EMA). */
    public void update(int[] steps, double[] bits) {
        if (steps.length != bits.length) {
            throw new IllegalArgumentException(steps.length + " steps but " + bits.length + " losses");
        }
        for (int i = 0; i < steps.length; i++) update(steps[i], bits[i]);
    }

    /** How many samples step {@code t} has received. */
    public long count(int step) {
        return counts[step];
    }

    /** The components kl[t], with {@code unseen} deciding the value of steps that have no sample. */
    public double[] estimate(UnseenStepRule unseen) {
        double[] out = ema.clone();
        unseen.fillUnseen(counts, out);
        return out;
    }

    /** {@link #estimate(UnseenStepRule)} with {@link UnseenStepRule#interpolate()}. */
    public double[] estimate() {
        return estimate(UnseenStepRule.interpolate());
    }

    /** The raw averages (0 for unseen steps), for storing; see {@link #restore}. */
    public double[] emaValues() {
        return ema.clone();
    }

    /** Samples per step, for storing; see {@link #restore}. */
    public long[] counts() {
        return counts.clone();
    }
}
