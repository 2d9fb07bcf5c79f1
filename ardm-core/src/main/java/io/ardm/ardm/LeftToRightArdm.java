package io.ardm.ardm;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A next-symbol model (causal network reading [BOS, x_0, …, x_{D−2}], as {@link LeftToRightObjective} trains it) seen
 * as an ARDM whose only order is left to right: at step t the positions before t are known, and the logits at
 * position t are p(x_t | x_{&lt;t}). Logits at later positions read hidden inputs and mean nothing, so only the
 * sequential policy is exact; with it the coder and {@link Likelihood#exactBits} work unchanged. Encoding and exact
 * likelihoods take one call ({@link #leftToRight}); decoding takes one per symbol, each a single position's work when
 * the network has a key/value-cached stream.
 */
public final class LeftToRightArdm implements ArdmNetwork {
    private final ArdmNetwork causal;
    private final int bos;
    private final Supplier<IntFunction<float[]>> stream;

    /** @param bos the begin-of-sequence input id the causal network was trained with */
    public LeftToRightArdm(ArdmNetwork causal, int bos) {
        this(causal, bos, null);
    }

    /**
     * @param stream makes a key/value-cached stream of {@code causal}: each call takes the input id of the next position
     *               and returns that position's logits. The shifted inputs make it this model's {@link #leftToRightStream}.
     */
    public LeftToRightArdm(ArdmNetwork causal, int bos, Supplier<IntFunction<float[]>> stream) {
        this.causal = causal;
        this.bos = bos;
        this.stream = stream;
    }

    /** The causal stream, fed BOS first: call i passes x_{i−1} on, so position i's logits come back. */
    @Override public Optional<IntFunction<float[]>> leftToRightStream() {
        if (stream == null) return Optional.empty();
        IntFunction<float[]> inner = stream.get();
        boolean[] started = {false};
        return Optional.of(previous -> {
            int input = started[0] ? previous : bos;
            started[0] = true;
            return inner.apply(input);
        });
    }

    @Override public Tensor logits(Tape tape, StepInput input) {
        int d = length();
        int[] inputs = input.values();
        int[] shifted = new int[inputs.length];
        for (int b = 0; b < input.batch(); b++) {
            shifted[b * d] = bos;
            System.arraycopy(inputs, b * d, shifted, b * d + 1, d - 1);
        }
        return causal.logits(tape, new StepInput(shifted, input.revealed(), input.steps(), input.batch()));
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
}
