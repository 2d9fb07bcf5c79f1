package io.ardm.tensor.op;

import io.ardm.tensor.DetMath;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * Weighted cross-entropy of a block of classes within a block: row i pays
 * {@code −log( Σ_{c ∈ [targetFrom_i, targetFrom_i + targetSize_i)} p_c / Σ_{c ∈ [contextFrom_i, contextFrom_i + contextSize_i)} p_c )}
 * with p = softmax(logits_i), i.e. LSE(context) − LSE(target), computed in log space. The upscale ARDM's data
 * parametrization (spec §3.3) is this: the target block holds the data classes that downscale to x^(s), the context
 * block those that downscale to x^(s−1). With a one-class target and the whole row as context it is the ordinary
 * cross-entropy. Zero-weight rows are skipped; blocks must be non-empty and lie within the row.
 */
public final class BlockCrossEntropy {
    private BlockCrossEntropy() {}

    /** Rows' blocks: target [targetFrom, targetFrom + targetSize) inside context [contextFrom, contextFrom + contextSize). */
    public record Blocks(int[] targetFrom, int[] targetSize, int[] contextFrom, int[] contextSize) {}

    /** Also writes each weighted row's loss (nats) into {@code rowNll} when it is not null. */
    public static Tensor apply(Tape tape, Tensor logits, Blocks blocks, float[] weights, float[] rowNll) {
        int k = logits.cols();
        int n = logits.rows();
        if (weights.length != n || blocks.targetFrom().length != n || blocks.contextFrom().length != n) {
            throw new IllegalArgumentException("block cross-entropy: " + n + " rows but " + weights.length + " weights and "
                    + blocks.targetFrom().length + " blocks");
        }
        boolean grad = tape.records(logits);
        Tensor loss = Tensor.output(grad, 1);
        float[] targetLse = new float[n];
        float[] contextLse = new float[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            if (weights[i] == 0f) continue;
            int tf = blocks.targetFrom()[i], ts = blocks.targetSize()[i], cf = blocks.contextFrom()[i], cs = blocks.contextSize()[i];
            if (ts < 1 || cs < 1 || cf < 0 || cf + cs > k || tf < cf || tf + ts > cf + cs) {
                throw new IllegalArgumentException("block cross-entropy: row " + i + " target [" + tf + ", " + (tf + ts) + ") is not inside context ["
                        + cf + ", " + (cf + cs) + ") within " + k + " classes");
            }
            targetLse[i] = Softmax.logSumExp(logits.data, i * k + tf, ts);
            contextLse[i] = Softmax.logSumExp(logits.data, i * k + cf, cs);
            float nll = contextLse[i] - targetLse[i];
            if (rowNll != null) rowNll[i] = nll;
            total += (double) weights[i] * nll;
        }
        loss.data[0] = (float) total;
        if (grad) tape.record(loss, () -> {
            float g = loss.grad()[0];
            float[] dx = logits.grad();
            for (int i = 0; i < n; i++) {
                if (weights[i] == 0f) continue;
                float wg = weights[i] * g;
                int row = i * k;
                int cf = blocks.contextFrom()[i], cs = blocks.contextSize()[i], tf = blocks.targetFrom()[i], ts = blocks.targetSize()[i];
                for (int c = cf; c < cf + cs; c++) dx[row + c] += wg * DetMath.exp(logits.data[row + c] - contextLse[i]);
                for (int c = tf; c < tf + ts; c++) dx[row + c] -= wg * DetMath.exp(logits.data[row + c] - targetLse[i]);
            }
        });
        return loss;
    }
}
