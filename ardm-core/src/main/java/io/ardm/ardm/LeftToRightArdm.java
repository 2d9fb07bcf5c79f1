package io.ardm.ardm;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Optional;
import java.util.function.IntFunction;

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
    private final IntFunction<LockstepStream> streams;

    /** @param bos the begin-of-sequence input id the causal network was trained with */
    public LeftToRightArdm(ArdmNetwork causal, int bos) {
        this(causal, bos, null);
    }

    /**
     * @param streams makes key/value-cached streams of {@code causal} for a batch size: each call takes the input ids of
     *                the next position and returns those positions' logits. The shifted inputs make them this model's
     *                {@link #leftToRightStreams}.
     */
    public LeftToRightArdm(ArdmNetwork causal, int bos, IntFunction<LockstepStream> streams) {
        this.causal = causal;
        this.bos = bos;
        this.streams = streams;
    }

    /** The causal streams, fed BOS first: call i passes x_{i−1} on, so position i's logits come back. */
    @Override public Optional<IntFunction<LockstepStream>> leftToRightStreams() {
        if (streams == null) return Optional.empty();
        return Optional.of(batch -> {
            LockstepStream inner = streams.apply(batch);
            boolean[] started = {false};
            return (rows, previous) -> {
                int[] inputs = started[0] ? previous : filled(rows.length, bos);
                started[0] = true;
                return inner.next(rows, inputs);
            };
        });
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, value);
        return a;
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
