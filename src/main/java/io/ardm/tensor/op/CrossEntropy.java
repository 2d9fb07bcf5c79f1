package io.ardm.tensor.op;

import io.ardm.tensor.DetMath;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * Weighted cross-entropy over integer targets: loss = Σ_i w_i·(−log softmax(logits_i)[target_i]), a scalar.
 * A zero weight skips the position (the ARDM objective weights only the masked positions).
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
        boolean grad = tape.records(logits);
        Tensor loss = Tensor.output(grad, 1);
        float[] lse = new float[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            if (weights[i] == 0f) continue;
            int t = targets[i];
            if (t < 0 || t >= k) throw new IllegalArgumentException("cross-entropy: target " + t + " outside [0, " + k + ")");
            lse[i] = Softmax.logSumExp(logits.data, i * k, k);
            float nll = lse[i] - logits.data[i * k + t];
            if (rowNll != null) rowNll[i] = nll;
            total += (double) weights[i] * nll;
        }
        loss.data[0] = (float) total;
        if (grad) tape.record(() -> {
            float g = loss.grad()[0];
            float[] dx = logits.grad();
            for (int i = 0; i < n; i++) {
                if (weights[i] == 0f) continue;
                float wg = weights[i] * g;
                int off = i * k;
                for (int j = 0; j < k; j++) dx[off + j] += wg * DetMath.exp(logits.data[off + j] - lse[i]);
                dx[off + targets[i]] -= wg;
            }
        });
        return loss;
    }
}
