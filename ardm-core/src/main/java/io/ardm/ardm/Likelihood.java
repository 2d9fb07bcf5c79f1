package io.ardm.ardm;

import io.ardm.ardm.process.Process;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.io.Serial;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;

/** Likelihood estimates of an ARDM under a {@link Policy}. */
public final class Likelihood {
    private Likelihood() {}

    /** A mean with its standard error, in bits per dimension. */
    public record Estimate(double bitsPerDim, double standardError, long samples) {
        public static Estimate of(double[] samples) {
            Sum sum = new Sum();
            for (double s : samples) sum.add(s);
            return sum.estimate();
        }

        /**
         * The exact sum of samples and of their squares. Exact sums do not depend on the order of the additions, so
         * partial sums of terms computed apart (other threads, other machines), merged in any order, give the very
         * estimate one machine gives in one pass.
         */
        public static final class Sum implements Serializable {
            @Serial private static final long serialVersionUID = 1L;
            private static final MathContext CONTEXT = MathContext.DECIMAL128;
            private BigDecimal sum = BigDecimal.ZERO;
            private BigDecimal sumOfSquares = BigDecimal.ZERO;
            /** NaN and infinite samples, which have no exact value: their IEEE sum does not depend on the order either. */
            private double nonFinite;
            private long count;

            public void add(double sample) {
                count++;
                if (!Double.isFinite(sample)) {
                    nonFinite += sample;
                    return;
                }
                BigDecimal x = new BigDecimal(sample);
                sum = sum.add(x);
                sumOfSquares = sumOfSquares.add(x.multiply(x));
            }

            /** Adds the samples of {@code other} to these (the same as adding them one by one). */
            public Sum merge(Sum other) {
                sum = sum.add(other.sum);
                sumOfSquares = sumOfSquares.add(other.sumOfSquares);
                nonFinite += other.nonFinite;
                count += other.count;
                return this;
            }

            public long count() {
                return count;
            }

            /** The mean and its standard error (NaN for no samples; the error is 0 for one). */
            public Estimate estimate() {
                if (count == 0) return new Estimate(Double.NaN, Double.NaN, 0);
                if (nonFinite != 0 || Double.isNaN(nonFinite)) return new Estimate(nonFinite, Double.NaN, count);
                BigDecimal n = BigDecimal.valueOf(count);
                double mean = sum.divide(n, CONTEXT).doubleValue();
                if (count == 1) return new Estimate(mean, 0, 1);
                BigDecimal squaredDeviations = sumOfSquares.subtract(sum.multiply(sum).divide(n, CONTEXT));
                double variance = Math.max(0, squaredDeviations.divide(BigDecimal.valueOf(count - 1), CONTEXT).doubleValue());
                return new Estimate(mean, Math.sqrt(variance / count), count);
            }
        }
    }

    /**
     * Exact −log2 p(x)/D for fixed orders and policies (one of each per stage): the code length an ideal entropy coder
     * pays (spec §4.7 'log_prob_with_policy_and_sigma' summed over all steps and stages). One network call per policy
     * step, {@code maxBatch} of them at a time ({@link StepLogits}).
     */
    public static double exactBits(ArdmNetwork net, Process process, int[] x, Order[] orders, StagePolicies policies, int maxBatch) {
        double[] nats = {0};
        StepLogits.forEachStep(net, process, x, orders, policies.boundariesFrom(0), maxBatch,
                (stage, t, j, logits, offset) -> nats[0] -= process.logProb(logits, offset, stage, x[j]));
        return Bits.perDimension(nats[0], net.length());
    }

    /**
     * Exact −log2 p(x at the unknown positions | x at the {@code known} ones), in bits summed over the unknown positions:
     * what filling them in, or coding them given the rest, costs in the given orders with the known positions moved
     * first ({@link Order#withKnownFirst}), under the policies from step #known on.
     */
    public static double conditionalBits(ArdmNetwork net, Process process, int[] x, boolean[] known, Order[] orders, StagePolicies policies,
                                         int maxBatch) {
        int start = 0;
        for (boolean k : known) if (k) start++;
        Order[] knownFirst = new Order[orders.length];
        for (int g = 0; g < orders.length; g++) knownFirst[g] = orders[g].withKnownFirst(known);
        double[] nats = {0};
        StepLogits.forEachStep(net, process, x, knownFirst, policies.boundariesFrom(start), maxBatch,
                (stage, t, j, logits, offset) -> nats[0] -= process.logProb(logits, offset, stage, x[j]));
        return Bits.perDimension(nats[0], 1);
    }

    /**
     * The stochastic (parallel) ELBO Σ_g Σ_i k_i·L_{g,p_i} of spec §4.7 and §3.7, with the policy step drawn in
     * proportion to its width k_i rather than uniformly: draw a global step ~ U{0..S·D−1}, i.e. a stage g and t, take the
     * step [l, r) of g's policy that contains t, score the D − l positions that stage has not revealed under a random
     * order σ and weight by S·D/(D − l). Same expectation as the official estimator (uniform i, weight k_i·B/(D − l),
     * one random stage times S), but the weight no longer grows with a wide step, so far lower variance for DP
     * policies. With sequential policies this is the test-set estimator of spec §2.3. {@code data} is [n, D]; every
     * datapoint is scored {@code passes} times.
     */
    public static Estimate stochasticElbo(ArdmNetwork net, Process process, int[] data, int n, StagePolicies policies, int passes,
                                          int batch, long seed) {
        return Estimate.of(stochasticElboSamples(net, process, data, n, policies, passes, batch, seed, 0));
    }

    /**
     * The n·passes single-sample terms of {@link #stochasticElbo}, pass-major. Two policies given equally seeded
     * generators draw the same σ and t per term (t then snaps to each policy's own step), so their difference can
     * be estimated pairwise, with far less noise than either estimate.
     */
    public static double[] stochasticElboSamples(ArdmNetwork net, Process process, int[] data, int n, StagePolicies policies, int passes,
                                                 int batch, long seed) {
        return stochasticElboSamples(net, process, data, n, policies, passes, batch, seed, 0);
    }

    /**
     * The terms of the n segments that are segments {@code firstIndex}.. of a larger corpus, pass-major. Each term draws
     * its σ and t from (seed, pass, segment index) alone, so a slice scored anywhere (another thread, another machine)
     * gets the very terms the whole corpus would, whatever the batching.
     */
    public static double[] stochasticElboSamples(ArdmNetwork net, Process process, int[] data, int n, StagePolicies policies, int passes,
                                                 int batch, long seed, long firstIndex) {
        int d = net.length();
        int k = net.classes();
        int stages = process.stages();
        // The first step of the policy step that holds global step g·D + t, per stage.
        int[] stepOfT = new int[stages * d];
        for (int g = 0; g < stages; g++) {
            Policy policy = policies.stage(g);
            for (int i = 0; i < policy.networkCalls(); i++) {
                Policy.StepRange range = policy.stepRange(i);
                for (int t = range.from(); t < range.to(); t++) stepOfT[g * d + t] = range.from();
            }
        }
        double[] samples = new double[Math.multiplyExact(n, passes)];
        int count = 0;
        for (int pass = 0; pass < passes; pass++) {
            for (int first = 0; first < n; first += batch) {
                int m = Math.min(batch, n - first);
                int[] values = new int[m * d];
                boolean[] revealed = new boolean[m * d];
                int[] stage = new int[m];
                int[] t = new int[m];
                int[] steps = new int[m];
                Order[] orders = new Order[m];
                for (int b = 0; b < m; b++) {
                    SplittableRandom rng = termRandom(seed, pass, firstIndex + first + b);
                    int global = rng.nextInt(stages * d);
                    stage[b] = global / d;
                    t[b] = stepOfT[global];
                    steps[b] = stage[b] * d + t[b];
                    orders[b] = Order.random(d, rng);
                    process.show(data, (first + b) * d, orders[b], stage[b], t[b], values, revealed, b * d);
                }
                StepInput input = new StepInput(values, revealed, steps, m);
                Tensor logits = net.logits(Tape.inference(), input, input.hiddenRows());
                for (int b = 0; b < m; b++) {
                    double nats = 0;
                    for (int j = 0; j < d; j++) {
                        if (revealed[b * d + j]) continue;
                        nats -= process.logProb(logits.data, (b * d + j) * k, stage[b], data[(first + b) * d + j]);
                    }
                    samples[count++] = Bits.perDimension(nats, d) * d / (d - t[b]) * stages;
                }
            }
        }
        return samples;
    }

    /** The generator of one ELBO term: a function of the seed, the pass and the segment's index only. */
    private static SplittableRandom termRandom(long seed, int pass, long index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + pass * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL);
    }

    /**
     * Estimates every loss component L_t (bits per dimension, as the training tracker stores them; global steps g·D + t
     * over all S stages) from held-out data: for each step, {@code samples} datapoints (cycled) with fresh random orders
     * are scored on the D − t positions the stage has not revealed. S·D·samples network inputs in all, {@code batch}
     * per call; a lower-variance alternative to the EMA tracked during training.
     */
    public static double[] components(ArdmNetwork net, Process process, int[] data, int n, int samples, int batch, SplittableRandom rng,
                                      java.util.function.IntConsumer progress) {
        int d = net.length();
        int k = net.classes();
        double[] out = new double[process.steps()];
        int next = 0;
        for (int global = 0; global < out.length; global++) {
            int stage = global / d;
            int t = global % d;
            double bits = 0;
            for (int first = 0; first < samples; first += batch) {
                int m = Math.min(batch, samples - first);
                int[] values = new int[m * d];
                boolean[] revealed = new boolean[m * d];
                int[] items = new int[m];
                for (int b = 0; b < m; b++) {
                    items[b] = next;
                    next = (next + 1) % n;
                    process.show(data, items[b] * d, Order.random(d, rng), stage, t, values, revealed, b * d);
                }
                int[] steps = new int[m];
                java.util.Arrays.fill(steps, global);
                StepInput input = new StepInput(values, revealed, steps, m);
                Tensor logits = net.logits(Tape.inference(), input, input.hiddenRows());
                for (int b = 0; b < m; b++) {
                    double nats = 0;
                    for (int j = 0; j < d; j++) {
                        if (!revealed[b * d + j]) nats -= process.logProb(logits.data, (b * d + j) * k, stage, data[items[b] * d + j]);
                    }
                    bits += Bits.perDimension(nats / (d - t), d);
                }
            }
            out[global] = bits / samples;
            progress.accept(global + 1);
        }
        return out;
    }
}
