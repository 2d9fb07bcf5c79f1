package io.ardm.ardm;

/**
 * A left-to-right network run one position at a time, with cached state (a key/value cache), over a batch of
 * datapoints in lockstep: a call advances every datapoint it names by one position, in one batched network call.
 */
@FunctionalInterface
public interface LockstepStream {
    /**
     * Logits [rows.length, K] of the next position of the datapoints {@code rows} (increasing indices into the batch; a
     * datapoint left out is finished and may not come back), given their inputs there ({@code inputs[i]} for rows[i]).
     */
    float[] next(int[] rows, int[] inputs);
}
