package io.ardm.run;

import io.ardm.ardm.Bits;
import io.ardm.ardm.Generation;
import io.ardm.ardm.Likelihood;
import io.ardm.ardm.Order;
import io.ardm.ardm.StagePolicies;
import io.ardm.ardm.StepLogits;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How well a model fills in blanks: in each held-out segment a fixed number of positions, drawn at random, are
 * blanked. The order-agnostic model is scored twice on them: exactly, by the bits of the true values given everything
 * else (one order per segment, one position per call), and by the accuracy of its greedy fill (the most probable value
 * at each step, one position per call). A left-to-right baseline, which sees only the left context, is scored by its
 * bits for the same positions given the true text before them.
 */
public final class InfillEvaluation {
    /** Softmax temperature of the greedy fill: low enough that each step takes its most probable value. */
    static final float GREEDY = 1e-3f;
    private static final int FILL_BATCH = 25;

    private InfillEvaluation() {}

    /**
     * @param baselineBitsPerBlank NaN without a baseline
     */
    public record Result(int segments, int blanksPerSegment, double accuracy, Likelihood.Estimate bitsPerBlank, double baselineBitsPerBlank,
                         Likelihood.Estimate baselineGap) {}

    /** The blanks of every segment: {@code blanks} positions of each, drawn without replacement. */
    public static boolean[] knownMasks(int n, int d, int blanks, SplittableRandom rng) {
        boolean[] known = new boolean[n * d];
        Arrays.fill(known, true);
        for (int i = 0; i < n; i++) {
            Order o = Order.random(d, rng);
            for (int t = 0; t < blanks; t++) known[i * d + o.positionAt(t)] = false;
        }
        return known;
    }

    public static Result run(LoadedModel oa, LoadedModel baseline, int[] x, int n, int blanks, SplittableRandom rng) {
        oa.requireOrderAgnostic();
        int d = oa.length();
        if (blanks < 1 || blanks > d) throw new IllegalArgumentException("blanks per segment must be in 1.." + d + ", got " + blanks);
        boolean[] known = knownMasks(n, d, blanks, rng);
        StagePolicies sequential = StagePolicies.sequential(oa.process().stages(), d);
        double[] bits = new double[n];
        double[] gap = new double[n];
        double baselineBits = 0;
        for (int i = 0; i < n; i++) {
            int[] xi = Arrays.copyOfRange(x, i * d, (i + 1) * d);
            boolean[] ki = Arrays.copyOfRange(known, i * d, (i + 1) * d);
            Order[] orders = new Order[oa.process().stages()];
            for (int g = 0; g < orders.length; g++) orders[g] = Order.random(d, rng);
            bits[i] = Likelihood.conditionalBits(oa.network(), oa.process(), xi, ki, orders, sequential, blanks) / blanks;
            if (baseline != null) {
                double b = leftContextBits(baseline, xi, ki) / blanks;
                baselineBits += b;
                gap[i] = bits[i] - b;
            }
        }
        long correct = 0;
        for (int first = 0; first < n; first += FILL_BATCH) {
            int count = Math.min(FILL_BATCH, n - first);
            int[] values = Arrays.copyOfRange(x, first * d, (first + count) * d);
            boolean[] k = Arrays.copyOfRange(known, first * d, (first + count) * d);
            int[] filled = Generation.infill(oa.network(), oa.process(), values, k, count, sequential, GREEDY, rng).values();
            for (int j = 0; j < values.length; j++) if (!k[j] && filled[j] == values[j]) correct++;
        }
        return new Result(n, blanks, (double) correct / ((long) n * blanks), Likelihood.Estimate.of(bits),
                baseline == null ? Double.NaN : baselineBits / n, baseline == null ? null : Likelihood.Estimate.of(gap));
    }

    /** A left-to-right model's bits for the blanked positions given the true values before each. */
    private static double leftContextBits(LoadedModel ltr, int[] x, boolean[] known) {
        int d = x.length;
        double[] nats = {0};
        StepLogits.forEachStep(ltr.codingNetwork(), ltr.process(), x, new Order[] {Order.leftToRight(d)}, StagePolicies.sequential(1, d).boundariesFrom(0), 1,
                (stage, t, j, logits, offset) -> {
                    if (!known[j]) nats[0] -= ltr.process().logProb(logits, offset, stage, x[j]);
                });
        return Bits.perDimension(nats[0], 1);
    }
}
