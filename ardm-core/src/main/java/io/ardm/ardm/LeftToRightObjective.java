package io.ardm.ardm;

import io.ardm.ardm.process.Process;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The single-order baseline (paper Table 1): a causal transformer reads [BOS, x_0, …, x_{D−2}] and predicts
 * x_0 … x_{D−1}; the process's initial value (the absorbing id) serves as BOS. One network call gives the exact log-likelihood, so the
 * evaluation estimate is exact; there are no loss components.
 */
public final class LeftToRightObjective implements Objective {
    private final Process process;

    /** @param process a one-stage process; its initial value is the BOS input */
    public LeftToRightObjective(Process process) {
        if (process.stages() != 1) throw new IllegalArgumentException("a left-to-right model has one stage");
        this.process = process;
    }

    @Override
    public Batch sample(int[] data, int batch, SplittableRandom rng) {
        int length = process.length();
        if (data.length != batch * length) throw new IllegalArgumentException("expected " + batch + "×" + length + " values, got " + data.length);
        int[] inputs = new int[data.length];
        for (int b = 0; b < batch; b++) {
            inputs[b * length] = process.initial();
            System.arraycopy(data, b * length, inputs, b * length + 1, length - 1);
        }
        float[] weights = new float[data.length];
        Arrays.fill(weights, (float) (1.0 / (length * Math.log(2) * batch)));
        int[] steps = new int[batch];
        Arrays.fill(steps, length);
        return new Batch(new StepInput(inputs, new boolean[data.length], steps, batch), data.clone(), weights);
    }

    @Override
    public Process process() {
        return process;
    }

    @Override
    public ItemTerms terms(Batch batch, float[] rowNll) {
        int n = batch.size();
        int length = process.length();
        double[] bits = new double[n];
        for (int b = 0; b < n; b++) bits[b] = Bits.perDimension(Objective.itemNats(rowNll, b, length), length);
        return new ItemTerms(bits, new double[0], new int[0]);
    }
}
