package io.ardm.ardm;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.SplittableRandom;

/** Likelihood estimates of an ARDM under a {@link Policy}. */
public final class Likelihood {
    private Likelihood() {}

    /** A mean with its standard error, in bits per dimension. */
    public record Estimate(double bitsPerDim, double standardError, long samples) {
        /** From the sum and the sum of squares of {@code n} samples. */
        public static Estimate of(double sum, double sumSq, long n) {
            double mean = sum / n;
            double var = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : 0;
            return new Estimate(mean, Math.sqrt(var / n), n);
        }

        public static Estimate of(double[] samples) {
            double sum = 0;
            double sumSq = 0;
            for (double s : samples) {
                sum += s;
                sumSq += s * s;
            }
            return of(sum, sumSq, samples.length);
        }
    }

    /**
     * Exact −log2 p(x)/D for a fixed order and policy: the code length an ideal entropy coder pays
     * (spec §4.7 'log_prob_with_policy_and_sigma' summed over all steps). One network call per policy step,
     * {@code maxBatch} of them at a time ({@link StepLogits}).
     */
    public static double exactBits(ArdmNetwork net, int[] x, Order order, Policy policy, int maxBatch) {
        int k = net.classes();
        double[] nats = {0};
        StepLogits.forEachStep(net, x, order, policy.boundaries(), maxBatch,
                (t, j, logits, offset) -> nats[0] -= Logits.logProb(logits, offset, k, x[j]));
        return Bits.perDimension(nats[0], net.length());
    }

    /**
     * The stochastic (parallel) ELBO Σ_i k_i·L_{p_i} of spec §4.7, with the policy step drawn in proportion to its width
     * k_i rather than uniformly: draw t ~ U{0..D−1}, take the step [l, r) that contains it, score the D − l absorbed
     * positions under a random order σ and weight by D/(D − l). Same expectation as the official estimator (uniform i,
     * weight k_i·B/(D − l)), but the weight no longer grows with a wide step, so far lower variance for DP policies.
     * With the sequential policy this is the test-set estimator of spec §2.3. {@code data} is [n, D]; every
     * datapoint is scored {@code passes} times.
     */
    public static Estimate stochasticElbo(ArdmNetwork net, int[] data, int n, Policy policy, int passes, int batch,
                                          SplittableRandom rng) {
        return Estimate.of(stochasticElboSamples(net, data, n, policy, passes, batch, rng));
    }

    /**
     * The n·passes single-sample terms of {@link #stochasticElbo}, pass-major. Two policies given equally seeded
     * generators draw the same σ and t per term (t then snaps to each policy's own step), so their difference can
     * be estimated pairwise, with far less noise than either estimate.
     */
    public static double[] stochasticElboSamples(ArdmNetwork net, int[] data, int n, Policy policy, int passes, int batch,
                                                 SplittableRandom rng) {
        int d = net.length();
        int k = net.classes();
        int[] stepOfT = new int[d];
        for (int i = 0; i < policy.networkCalls(); i++) {
            Policy.StepRange range = policy.stepRange(i);
            for (int t = range.from(); t < range.to(); t++) stepOfT[t] = range.from();
        }
        double[] samples = new double[Math.multiplyExact(n, passes)];
        int count = 0;
        for (int pass = 0; pass < passes; pass++) {
            for (int first = 0; first < n; first += batch) {
                int m = Math.min(batch, n - first);
                int[] inputs = new int[m * d];
                int[] t = new int[m];
                Order[] orders = new Order[m];
                for (int b = 0; b < m; b++) {
                    t[b] = stepOfT[rng.nextInt(d)];
                    orders[b] = Order.random(d, rng);
                    orders[b].corrupt(data, (first + b) * d, t[b], net.absorbing(), inputs, b * d);
                }
                Tensor logits = net.logits(Tape.inference(), inputs, t, m);
                for (int b = 0; b < m; b++) {
                    double nats = 0;
                    for (int j = 0; j < d; j++) {
                        if (orders[b].isKnownBefore(j, t[b])) continue;
                        nats -= Logits.logProb(logits.data, (b * d + j) * k, k, data[(first + b) * d + j]);
                    }
                    samples[count++] = Bits.perDimension(nats, d) * d / (d - t[b]);
                }
            }
        }
        return samples;
    }

    /**
     * Estimates every loss component L_t (bits per dimension, as the training tracker stores them) from held-out data:
     * for each step t, {@code samples} datapoints (cycled) with fresh random orders are scored on their D − t absorbed
     * positions. D·samples network inputs in all, {@code batch} per call; a lower-variance alternative to the EMA
     * tracked during training.
     */
    public static double[] components(ArdmNetwork net, int[] data, int n, int samples, int batch, SplittableRandom rng,
                                      java.util.function.IntConsumer progress) {
        int d = net.length();
        int k = net.classes();
        double[] out = new double[d];
        int next = 0;
        for (int t = 0; t < d; t++) {
            double bits = 0;
            for (int first = 0; first < samples; first += batch) {
                int m = Math.min(batch, samples - first);
                int[] inputs = new int[m * d];
                int[] items = new int[m];
                Order[] orders = new Order[m];
                for (int b = 0; b < m; b++) {
                    items[b] = next;
                    next = (next + 1) % n;
                    orders[b] = Order.random(d, rng);
                    orders[b].corrupt(data, items[b] * d, t, net.absorbing(), inputs, b * d);
                }
                int[] steps = new int[m];
                java.util.Arrays.fill(steps, t);
                Tensor logits = net.logits(Tape.inference(), inputs, steps, m);
                for (int b = 0; b < m; b++) {
                    double nats = 0;
                    for (int j = 0; j < d; j++) {
                        if (!orders[b].isKnownBefore(j, t)) nats -= Logits.logProb(logits.data, (b * d + j) * k, k, data[items[b] * d + j]);
                    }
                    bits += Bits.perDimension(nats / (d - t), d);
                }
            }
            out[t] = bits / samples;
            progress.accept(t + 1);
        }
        return out;
    }
}
