package io.ardm.ardm;

/**
 * What {@link LossComponents#estimate(UnseenStepRule)} reports for a step that never received a sample.
 *
 * <p>The official code reports {@code 8/N} bits for such steps: the cost of coding one 8-bit value
 * uniformly, spread over the N steps ({@link #uniformCoding(int, int)} with 256 classes). That is a
 * pessimistic bound far from the real curve, and because all unseen steps get the same value it creates
 * ties that the DP turns into zero-width steps (spec §4.5). The default here, {@link #interpolate()},
 * instead uses the seen neighbours: the loss components form a smooth decreasing curve, so the
 * neighbours are the best available guess.
 */
public sealed interface UnseenStepRule {

    /** Fills {@code out[t]} for every step with {@code counts[t] == 0}; seen steps are already set. */
    void fillUnseen(long[] counts, double[] out);

    /**
     * Linear interpolation between the nearest seen steps on either side; before the first (after the
     * last) seen step, the value of the first (last) one. Needs at least one seen step.
     */
    static UnseenStepRule interpolate() {
        return new Interpolate();
    }

    /** Every unseen step reads as {@code bits} (bits per dimension, like the components themselves). */
    static UnseenStepRule constant(double bits) {
        return new Constant(bits);
    }

    /**
     * The cost of coding a {@code classes}-valued dimension uniformly, shared by {@code steps} steps:
     * log2(classes)/steps. {@code uniformCoding(256, N)} is the official code's 8/N penalty.
     */
    static UnseenStepRule uniformCoding(int classes, int steps) {
        if (classes < 2 || steps < 1) {
            throw new IllegalArgumentException("uniformCoding needs classes >= 2 and steps >= 1, got "
                    + classes + " and " + steps);
        }
        return new Constant(Math.log(classes) / Math.log(2) / steps);
    }

    record Constant(double bits) implements UnseenStepRule {
        public Constant {
            if (!Double.isFinite(bits) || bits < 0) {
                throw new IllegalArgumentException("unseen-step penalty must be finite and >= 0, got " + bits);
            }
        }

        @Override
        public void fillUnseen(long[] counts, double[] out) {
            for (int t = 0; t < counts.length; t++) {
                if (counts[t] == 0) out[t] = bits;
            }
        }
    }

    record Interpolate() implements UnseenStepRule {
        @Override
        public void fillUnseen(long[] counts, double[] out) {
            int previousSeen = -1;
            for (int t = 0; t < counts.length; t++) {
                if (counts[t] == 0) continue;
                for (int u = previousSeen + 1; u < t; u++) {
                    out[u] = previousSeen < 0 ? out[t] : out[previousSeen] + (double) (u - previousSeen)
                            / (t - previousSeen) * (out[t] - out[previousSeen]);
                }
                previousSeen = t;
            }
            if (previousSeen < 0) {
                throw new IllegalStateException("no step has received a sample yet; interpolation needs at "
                        + "least one (use UnseenStepRule.constant or uniformCoding instead)");
            }
            for (int u = previousSeen + 1; u < counts.length; u++) out[u] = out[previousSeen];
        }
    }
}
