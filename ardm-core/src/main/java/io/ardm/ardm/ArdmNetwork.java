package io.ardm.ardm;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * What the ARDM algorithms need from a network: per-position logits for a batch of partly generated inputs
 * ({@link StepInput}). How the logits are read (a softmax over K classes, or an upscale stage's choices) is the
 * {@link io.ardm.ardm.process.Process}'s business.
 */
public interface ArdmNetwork {
    /** One network call: inputs [batch, D] → logits [batch, D, outputs per position]. */
    Tensor logits(Tape tape, StepInput input);

    /**
     * The logits of the positions {@code rows} (ascending b·D + j) as [batch, D, outputs per position], the other rows
     * anything (zeros or the whole call's): for a loss that reads those positions alone, so that a network whose last
     * layers work position by position may compute them for those rows only. The default makes the whole call.
     */
    default Tensor logits(Tape tape, StepInput input, int[] rows) {
        return logits(tape, input);
    }

    /** D: positions per datapoint. */
    int length();

    /** Logits per position. */
    int classes();

    /**
     * True when the logits at position j depend only on the inputs before j (a next-symbol model). Then, when every
     * value is known (encoding, exact likelihood), one call with all of them shown gives the distributions of every
     * step of the left-to-right order, bit for bit as the step-by-step calls would.
     */
    default boolean leftToRight() {
        return false;
    }

    /**
     * For a {@link #leftToRight} network that can run one position at a time with cached state (a key/value cache): a
     * fresh stream for one datapoint. Its i-th call takes the value of position i − 1 (ignored for i = 0) and returns
     * the logits of position i, bit for bit as a full call's. Empty for other networks.
     */
    default Optional<IntFunction<float[]>> leftToRightStream() {
        return leftToRightStreams().map(streams -> {
            LockstepStream one = streams.apply(1);
            int[] row = {0};
            return previous -> one.next(row, new int[] {previous});
        });
    }

    /**
     * {@link #leftToRightStream} for a batch of datapoints decoded together: given the batch size, a fresh stream whose
     * inputs are the values of the previous positions (ignored at position 0); each row's logits bit for bit a full
     * call's. Empty for networks that cannot.
     */
    default Optional<IntFunction<LockstepStream>> leftToRightStreams() {
        return Optional.empty();
    }
}
