package io.ardm.ardm.process;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * The training loss Σ weights·(−log p) of a head whose log-probability and its gradient are computed position by
 * position in closed form (the logistic mixtures), recorded on the tape: backward adds each position's weighted
 * gradient into the network's outputs.
 */
final class RowwiseLoss {
    /** log p of position {@code row}'s target from its outputs, and when {@code grad} is not null d log p / d outputs. */
    interface RowLogProb {
        double logProb(int row, double[] grad);
    }

    private RowwiseLoss() {}

    static Tensor apply(Tape tape, Tensor logits, int n, int outputs, float[] weights, float[] rowNll, RowLogProb head) {
        if (logits.size() != (long) n * outputs) throw new IllegalArgumentException(logits + " is not " + n + " positions of " + outputs + " outputs");
        boolean grad = tape.records(logits);
        Tensor loss = Tensor.output(grad, 1);
        float[][] rowGrads = grad ? new float[n][] : null;
        double total = 0;
        double[] g = new double[outputs];
        for (int i = 0; i < n; i++) {
            if (weights[i] == 0f) continue;
            double nll = -head.logProb(i, grad ? g : null);
            if (rowNll != null) rowNll[i] = (float) nll;
            total += weights[i] * nll;
            if (grad) {
                rowGrads[i] = new float[outputs];
                for (int c = 0; c < outputs; c++) rowGrads[i][c] = (float) -g[c];
            }
        }
        loss.data[0] = (float) total;
        if (grad) tape.record(loss, () -> {
            float up = loss.grad()[0];
            float[] dx = logits.grad();
            for (int i = 0; i < n; i++) {
                if (rowGrads[i] == null) continue;
                float wg = weights[i] * up;
                for (int c = 0; c < outputs; c++) dx[i * outputs + c] += wg * rowGrads[i][c];
            }
        });
        return loss;
    }
}
