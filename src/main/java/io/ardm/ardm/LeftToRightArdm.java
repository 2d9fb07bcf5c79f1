package io.ardm.ardm;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A next-symbol model (causal network reading [BOS, x_0, …, x_{D−2}], as {@link LeftToRightObjective} trains it) seen
 * as an ARDM whose only order is left to right: at step t the positions before t are known, and the logits at
 * position t are p(x_t | x_{&lt;t}). Logits at later positions read absorbed inputs and mean nothing, so only the
 * sequential policy is exact; with it the coder and {@link Likelihood#exactBits} work unchanged. Encoding and exact
 * likelihoods take one call ({@link #leftToRight}); decoding takes one per symbol, each a single position's work when
 * the network has a key/value-cached stream.
 */
public final class LeftToRightArdm implements ArdmNetwork {
    private final ArdmNetwork causal;
    private final Supplier<IntFunction<float[]>> stream;

    /** @param causal a causal network whose absorbing id is also its begin-of-sequence input */
    public LeftToRightArdm(ArdmNetwork causal) {
        this(causal, null);
    }

    /**
     * @param stream makes a key/value-cached stream of {@code causal}: each call takes the input id of the next position
     *               and returns that position's logits. The shifted inputs make it this model's {@link #leftToRightStream}.
     */
    public LeftToRightArdm(ArdmNetwork causal, Supplier<IntFunction<float[]>> stream) {
        this.causal = causal;
        this.stream = stream;
    }

    @Override public Optional<IntFunction<float[]>> leftToRightStream() {
        return stream == null ? Optional.empty() : Optional.of(stream.get());
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
