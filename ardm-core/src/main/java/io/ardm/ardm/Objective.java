package io.ardm.ardm;

import io.ardm.ardm.process.Process;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.SplittableRandom;

/** A training objective: how a batch of data becomes network inputs and weighted targets, and what it measured. */
public interface Objective {
    /** One network call's worth: inputs, targets (the data), per-position loss weights (summing to the mean loss). */
    record Batch(StepInput input, int[] targets, float[] weights) {
        public int size() {
            return input.batch();
        }

        /** The positions the loss reads (weight ≠ 0), ascending: all a network needs the logits of. */
        public int[] lossRows() {
            return lossRows(1);
        }

        /**
         * {@link #lossRows()} and, up to a multiple of {@code multiple} rows (or all of them), the first positions it does
         * not read: a training step's buffers then take a few sizes from one step to the next, which its workspace keeps,
         * instead of one per number of absorbed positions, which it would allocate afresh every step.
         */
        public int[] lossRows(int multiple) {
            int n = 0;
            for (float w : weights) if (w != 0f) n++;
            int extra = Math.min(weights.length, Math.ceilDiv(n, multiple) * multiple) - n;
            int[] rows = new int[n + extra];
            for (int i = 0, r = 0; i < weights.length && r < rows.length; i++) {
                if (weights[i] != 0f) rows[r++] = i;
                else if (extra > 0) {
                    rows[r++] = i;
                    extra--;
                }
            }
            return rows;
        }
    }

    /**
     * Per-item results computed from the per-position negative log-likelihoods (nats; 0 where the weight is 0):
     * an estimate of −log2 p(x)/D, and the loss components L_{steps[b]} it observed (empty when the objective has none).
     */
    record ItemTerms(double[] elboBits, double[] componentBits, int[] steps) {}

    /** Data [batch, D] → one batch for the network. */
    Batch sample(int[] data, int batch, SplittableRandom rng);

    /** The process whose steps the network learns. */
    Process process();

    /** The weighted loss of a batch from the network's logits, recorded on the tape; fills {@code rowNll} (nats per position). */
    default Tensor loss(Tape tape, Tensor logits, Batch batch, float[] rowNll) {
        return process().loss(tape, logits, batch.input().steps(), batch.targets(), batch.weights(), rowNll);
    }

    /** Σ_j rowNll over item b's D positions (nats). */
    static double itemNats(float[] rowNll, int b, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) s += rowNll[b * d + j];
        return s;
    }

    ItemTerms terms(Batch batch, float[] rowNll);
}
