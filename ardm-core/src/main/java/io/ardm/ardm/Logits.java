package io.ardm.ardm;

import io.ardm.tensor.DetMath;
import io.ardm.tensor.op.Softmax;
import java.util.SplittableRandom;

/** Sampling from and scoring one row of logits (deterministic math: the coder and sampler agree everywhere). */
public final class Logits {
    private Logits() {}

    /** Writes softmax(logits/temperature) of one row into {@code probs}. */
    public static void probabilities(float[] logits, int off, int k, float temperature, double[] probs) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) max = Math.max(max, logits[off + j] / temperature);
        double sum = 0;
        for (int j = 0; j < k; j++) {
            probs[j] = DetMath.exp(logits[off + j] / temperature - max);
            sum += probs[j];
        }
        for (int j = 0; j < k; j++) probs[j] /= sum;
    }

    /** Inverse-CDF draw from a distribution over {@code p.length} choices. */
    public static int draw(double[] p, SplittableRandom rng) {
        double u = rng.nextDouble();
        double c = 0;
        for (int j = 0; j < p.length - 1; j++) {
            c += p[j];
            if (u < c) return j;
        }
        return p.length - 1;
    }

    /** log p(target) in nats under softmax(logits). */
    public static double logProb(float[] logits, int off, int k, int target) {
        return logits[off + target] - Softmax.logSumExp(logits, off, k);
    }
}
