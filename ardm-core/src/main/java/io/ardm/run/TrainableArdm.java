package io.ardm.run;

import io.ardm.ardm.ArdmNetwork;
import io.ardm.ardm.LockstepStream;
import io.ardm.nn.Parameters;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/** An ARDM network whose parameters an optimiser can update. */
public interface TrainableArdm extends ArdmNetwork {
    Parameters parameters();

    /**
     * The dense matrices that {@link io.ardm.nn.Muon} may step, by parameter name, each with the number of column
     * blocks it stacks (fused query/key/value: 3); empty for networks without such matrices.
     */
    default Map<String, Integer> hiddenMatrices() {
        return Map.of();
    }

    /**
     * For a causal network with a key/value cache: a maker of fresh streams over a batch of sequences (the input ids of
     * the next position in, those positions' logits out), which generate and decode left to right in O(D) instead of
     * O(D²); empty otherwise. The streams read the weights as they are when this is called (made once and shared, so a
     * loaded model's decoding rounds do not copy them again): call it again after the weights change.
     */
    default Optional<IntFunction<LockstepStream>> causalStreams() {
        return Optional.empty();
    }

    /**
     * The same weights over {@code length} positions, its steps mapped onto the trained ones in proportion (a
     * convolutional network trained on crops reading whole clips); networks whose D is part of their weights refuse.
     */
    default TrainableArdm atLength(int length) {
        if (length == length()) return this;
        throw new IllegalArgumentException("this network reads D = " + length() + " positions only, not " + length);
    }
}
