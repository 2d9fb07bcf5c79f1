package io.ardm.ardm;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * What the ARDM algorithms need from a network: per-position logits over the classes for a batch of partly
 * absorbed inputs. {@code steps[b]} is the generation step of item b (networks that are not conditioned on t,
 * like the text transformer, may ignore it: t is the number of non-absorbed inputs).
 */
public interface ArdmNetwork {
    /** inputs [batch, length] → logits [batch, length, classes]. */
    Tensor logits(Tape tape, int[] inputs, int[] steps, int batch);

    /** D: positions per datapoint. */
    int length();

    /** K: output classes. */
    int classes();

    /** The id of an absorbed position. */
    int absorbing();

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
     * fresh stream for one datapoint. Its i-th call takes the value of position i − 1 (the {@link #absorbing} id for
     * i = 0) and returns the K logits of position i, bit for bit as a full call's. Empty for other networks.
     */
    default Optional<IntFunction<float[]>> leftToRightStream() {
        return Optional.empty();
    }
}
