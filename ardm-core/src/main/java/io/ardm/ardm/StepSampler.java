package io.ardm.ardm;

import java.util.SplittableRandom;

/**
 * Draws the generation step for each item of a training batch (spec §2.2 step 2): a global step g·D + t over the S
 * stages of D steps each. The paper draws it uniformly. The bell-shaped samplers draw the stage uniformly and t from
 * q(t) ∝ u(1 − u), u = (t + ½)/D (a discrete Beta(2, 2): mostly about half the positions shown, few near nothing or
 * everything), after Hong et al. 2026 (arXiv 2605.13026), who report that masked-diffusion LMs learn ~4× faster when
 * training concentrates on middle mask ratios; {@link #BELL_NARROW} concentrates further (a discrete Beta(3, 3)).
 * {@link #importance} says how a step's ELBO term is weighted so that
 * the loss is the same bound in expectation.
 */
public enum StepSampler {
    /** Uniform over the S·D steps, independently per item. */
    UNIFORM,
    /** Stratified over the batch (the code's 'antithetic' mode): lower variance, same q = 1/(S·D). */
    ANTITHETIC,
    /**
     * Bell-shaped t with the ELBO's own weight D/(D − t): a reweighted objective (Σ_t D·q(t)·L_t instead of Σ_t L_t)
     * that spends the gradient on the middle steps. Not an unbiased bound; evaluation always draws uniformly.
     */
    BELL,
    /** Bell-shaped t with the importance weight 1/(D·q(t)) on top: the same bound in expectation as {@link #UNIFORM}. */
    BELL_WEIGHTED,
    /** A narrower bell, q(t) ∝ (u(1 − u))² (a discrete Beta(3, 3)), with the ELBO's own weight as {@link #BELL}. */
    BELL_NARROW;

    /** {@code batch} global steps in [0, stages·d). */
    public int[] sample(int batch, int d, int stages, SplittableRandom rng) {
        int[] t = new int[batch];
        switch (this) {
            case UNIFORM -> {
                for (int b = 0; b < batch; b++) t[b] = rng.nextInt(stages * d);
            }
            case ANTITHETIC -> antithetic(t, stages * d, rng);
            case BELL, BELL_WEIGHTED, BELL_NARROW -> {
                double[] cdf = cdf(d);
                for (int b = 0; b < batch; b++) {
                    int stage = stages == 1 ? 0 : rng.nextInt(stages);
                    t[b] = stage * d + inverse(cdf, rng.nextDouble());
                }
            }
        }
        return t;
    }

    /** The factor on step t's ELBO term (within its stage) that keeps the training loss the paper's bound in expectation, or 1. */
    public double importance(int t, int d) {
        return this == BELL_WEIGHTED ? 1.0 / (d * bellProbability(t, d)) : 1.0;
    }

    /** q(t) of the bell-shaped samplers: u(1 − u) at u = (t + ½)/D, normalised over t = 0..D−1. */
    static double bellProbability(int t, int d) {
        double u = (t + 0.5) / d;
        // Σ_t u(1−u) = D/6 + 1/(12 D) for the midpoints u = (t + ½)/D.
        return u * (1 - u) / (d / 6.0 + 1.0 / (12.0 * d));
    }

    /** q(t) of {@link #BELL_NARROW}: (u(1 − u))² at u = (t + ½)/D, normalised by the sum over t = 0..D−1. */
    static double narrowBellProbability(int t, int d) {
        return squaredBell(t, d) / squaredBellTotal(d);
    }

    private static double squaredBellTotal(int d) {
        double total = 0;
        for (int t = 0; t < d; t++) total += squaredBell(t, d);
        return total;
    }

    private static double squaredBell(int t, int d) {
        double u = (t + 0.5) / d;
        return u * (1 - u) * (u * (1 - u));
    }

    private double[] cdf(int d) {
        double[] cdf = new double[d];
        double narrowTotal = this == BELL_NARROW ? squaredBellTotal(d) : Double.NaN; // once, not once per t
        double c = 0;
        for (int t = 0; t < d; t++) {
            c += this == BELL_NARROW ? squaredBell(t, d) / narrowTotal : bellProbability(t, d);
            cdf[t] = c;
        }
        return cdf;
    }

    private static int inverse(double[] cdf, double u) {
        int lo = 0, hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (u < cdf[mid]) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    /** g = gcd(batch, n) strata spaced n/g apart; each of the batch/g groups gets one uniform offset; then shuffled. */
    private static void antithetic(int[] t, int n, SplittableRandom rng) {
        int batch = t.length;
        int g = gcd(batch, n);
        int spacing = n / g;
        int groups = batch / g;
        for (int i = 0; i < groups; i++) {
            int u = rng.nextInt(spacing);
            for (int k = 0; k < g; k++) t[i * g + k] = u + k * spacing;
        }
        for (int i = batch - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = t[i];
            t[i] = t[j];
            t[j] = tmp;
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
