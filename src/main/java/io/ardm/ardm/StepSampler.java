package io.ardm.ardm;

import java.util.SplittableRandom;

/** Draws the generation step t ∈ {0..D−1} for each item of a batch (spec §2.2 step 2). */
public enum StepSampler {
    /** t ~ U{0..D−1} independently per item. */
    UNIFORM,
    /** Stratified over the batch (the code's 'antithetic' mode): lower variance, same q(t) = 1/D. */
    ANTITHETIC;

    public int[] sample(int batch, int d, SplittableRandom rng) {
        int[] t = new int[batch];
        if (this == UNIFORM) {
            for (int b = 0; b < batch; b++) t[b] = rng.nextInt(d);
            return t;
        }
        // g = gcd(batch, D) strata spaced D/g apart; each of the batch/g groups gets one uniform offset.
        int g = gcd(batch, d);
        int spacing = d / g;
        int groups = batch / g;
        for (int n = 0; n < groups; n++) {
            int u = rng.nextInt(spacing);
            for (int k = 0; k < g; k++) t[n * g + k] = u + k * spacing;
        }
        for (int i = batch - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = t[i];
            t[i] = t[j];
            t[j] = tmp;
        }
        return t;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
