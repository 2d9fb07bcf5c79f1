package io.ardm.ardm;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * A next-symbol model (causal network reading [BOS, x_0, …, x_{D−2}], as {@link LeftToRightObjective} trains it) seen
 * as an ARDM whose only order is left to right: at step t the positions before t are known, and the logits at
 * position t are p(x_t | x_{&lt;t}). Logits at later positions read absorbed inputs and mean nothing, so only the
 * sequential policy is exact; with it the coder and {@link Likelihood#exactBits} work unchanged. Encoding and exact
 * likelihoods take one call ({@link #leftToRight}); decoding takes one per symbol (there is no key/value cache).
 */
public final class LeftToRightArdm implements ArdmNetwork {
    private final ArdmNetwork causal;

    /** @param causal a causal network whose absorbing id is also its begin-of-sequence input */
    public LeftToRightArdm(ArdmNetwork causal) {
        this.causal = causal;
    }

    @Override public Tensor logits(Tape tape, int[] inputs, int[] steps, int batch) {
        int d = length();
        int[] shifted = new int[inputs.length];
        for (int b = 0; b < batch; b++) {
            shifted[b * d] = absorbing();
            System.arraycopy(inputs, b * d, shifted, b * d + 1, d - 1);
        }
        return causal.logits(tape, shifted, steps, batch);
    }

    @Override public boolean leftToRight() {
        return true;
    }

    @Override public int length() {
        return causal.length();
    }

    @Override public int classes() {
        return causal.classes();
    }

    @Override public int absorbing() {
        return causal.absorbing();
    }
}
