package io.ardm.ardm.process;

import io.ardm.ardm.LogisticMixture;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * The order-agnostic ARDM of 16-bit audio (spec §2.5, §6.4): the {@link AbsorbingProcess}'s one stage, where a step
 * chooses the datum itself, but the network gives a discretized mixture of logistics ({@link LogisticMixture}, 3M
 * outputs) per position instead of K = 65,536 logits. The absorbing state is K, outside the data, which the audio
 * network shows as the normalised value 0 (the official code's K/2) with a mask of 0.
 */
public final class MixtureAbsorbingProcess implements Process {
    private final int length;
    private final LogisticMixture head;

    public MixtureAbsorbingProcess(int length, LogisticMixture head) {
        if (length < 1) throw new IllegalArgumentException("length must be positive");
        this.length = length;
        this.head = head;
    }

    public LogisticMixture head() {
        return head;
    }

    @Override public int length() {
        return length;
    }

    @Override public int stages() {
        return 1;
    }

    @Override public int classes() {
        return head.classes();
    }

    @Override public int logitsPerPosition() {
        return head.outputs();
    }

    @Override public int initial() {
        return head.classes();
    }

    @Override public int hidden(int stage, int x) {
        return head.classes();
    }

    @Override public int revealed(int stage, int x) {
        return x;
    }

    @Override public int choices(int stage) {
        return head.classes();
    }

    @Override public int choiceOf(int stage, int x) {
        return x;
    }

    @Override public int valueAfter(int stage, int hiddenValue, int choice) {
        return choice;
    }

    @Override public void choiceProbabilities(float[] logits, int offset, int stage, int hiddenValue, float temperature, double[] probs) {
        head.probabilities(logits, offset, temperature, probs);
    }

    @Override public double logProb(float[] logits, int offset, int stage, int x) {
        return head.logProb(logits, offset, x);
    }

    @Override public Tensor loss(Tape tape, Tensor logits, int[] globalSteps, int[] targets, float[] weights, float[] rowNll) {
        int outputs = head.outputs(), n = targets.length;
        if (logits.size() != (long) n * outputs) throw new IllegalArgumentException(logits + " is not " + n + " positions of " + outputs + " outputs");
        boolean grad = tape.records(logits);
        Tensor loss = Tensor.output(grad, 1);
        float[][] rowGrads = grad ? new float[n][] : null;
        double total = 0;
        double[] g = new double[outputs];
        for (int i = 0; i < n; i++) {
            if (weights[i] == 0f) continue;
            double nll = -head.logProb(logits.data, i * outputs, targets[i], grad ? g : null);
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
