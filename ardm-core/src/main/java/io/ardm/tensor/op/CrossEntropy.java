package io.ardm.tensor.op;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Arrays;

/**
 * Weighted cross-entropy over integer targets: loss = Σ_i w_i·(−log softmax(logits_i)[target_i]), a scalar.
 * A zero weight skips the position (the ARDM objective weights only the masked positions). It is the
 * {@link BlockCrossEntropy} of one-class targets within the whole row.
 */
public final class CrossEntropy {
    private CrossEntropy() {}

    public static Tensor apply(Tape tape, Tensor logits, int[] targets, float[] weights) {
        return apply(tape, logits, targets, weights, null);
    }

    /** Also writes −log p(target_i) of every weighted row into {@code rowNll} (when not null; others stay 0). */
    public static Tensor apply(Tape tape, Tensor logits, int[] targets, float[] weights, float[] rowNll) {
        int k = logits.cols();
        int n = logits.rows();
        if (targets.length != n || weights.length != n) {
            throw new IllegalArgumentException("cross-entropy: " + n + " rows but " + targets.length + " targets and " + weights.length + " weights");
        }
        for (int i = 0; i < n; i++) {
            if (weights[i] != 0f && (targets[i] < 0 || targets[i] >= k)) {
                throw new IllegalArgumentException("cross-entropy: target " + targets[i] + " outside [0, " + k + ")");
            }
        }
        int[] one = new int[n];
        int[] whole = new int[n];
        Arrays.fill(one, 1);
        Arrays.fill(whole, k);
        return BlockCrossEntropy.apply(tape, logits, new BlockCrossEntropy.Blocks(targets, one, new int[n], whole), weights, rowNll);
    }
}
