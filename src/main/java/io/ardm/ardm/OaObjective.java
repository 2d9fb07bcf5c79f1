package io.ardm.ardm;

import java.util.SplittableRandom;

/**
 * The order-agnostic ARDM training objective (paper §3, spec §2.2). For datapoint x, order σ and step t,
 * positions with σ &lt; t are shown, the rest are absorbed and all of them are predicted:
 * <pre>
 *   S   = Σ_{σ_j ≥ t} log p(x_j | x_{σ &lt; t})          (natural log)
 *   L_t = S / (D − t)                                  (one loss component, spec §4.1)
 *   elbo = D·L_t                                       (unbiased for the full D-step bound)
 *   loss = −elbo/(d ln2) − ce·S/(d ln2)                (bits per dimension)
 * </pre>
 */
public final class OaObjective implements Objective {
    private final int length;
    private final int absorbing;
    private final double ceWeight;
    private final StepSampler steps;

    /**
     * @param length    D, the number of generation steps (= dimensions for text)
     * @param absorbing the id that absorbed positions take (text: K, a class of its own)
     * @param ceWeight  weight of the extra unweighted cross-entropy term (text8: 1e-4)
     */
    public OaObjective(int length, int absorbing, double ceWeight, StepSampler steps) {
        this.length = length;
        this.absorbing = absorbing;
        this.ceWeight = ceWeight;
        this.steps = steps;
    }

    public int length() {
        return length;
    }

    public int absorbing() {
        return absorbing;
    }

    /** Draws σ and t per item (independently) and builds the corrupted inputs and weights for a mean loss. */
    @Override
    public Batch sample(int[] data, int batch, SplittableRandom rng) {
        Order[] orders = new Order[batch];
        for (int b = 0; b < batch; b++) orders[b] = Order.random(length, rng);
        return prepare(data, orders, steps.sample(batch, length, rng));
    }

    /** Builds the batch for given orders and steps (for evaluation with fixed σ and t). */
    public Batch prepare(int[] data, Order[] orders, int[] t) {
        int batch = t.length;
        if (data.length != batch * length) throw new IllegalArgumentException("expected " + batch + "×" + length + " values, got " + data.length);
        int[] inputs = new int[data.length];
        float[] weights = new float[data.length];
        for (int b = 0; b < batch; b++) {
            float w = (float) ((stepWeight(t[b]) + ceWeight) / (length * Math.log(2) * batch));
            for (int j = 0; j < length; j++) {
                int i = b * length + j;
                boolean known = orders[b].isKnownBefore(j, t[b]);
                inputs[i] = known ? data[i] : absorbing;
                weights[i] = known ? 0f : w;
            }
        }
        return new Batch(inputs, data.clone(), weights, t.clone());
    }

    /** D/(D − t): re-scales the average over the D − t predicted positions into the full D-step sum. */
    public double stepWeight(int t) {
        return (double) length / (length - t);
    }

    /**
     * {@code elboBits[b]} is the single-sample estimate of −log2 p(x)/D (the test-set estimator of spec §2.3);
     * {@code componentBits[b]} is L_t in bits per dimension, the value the loss-component tracker receives.
     */
    @Override
    public ItemTerms terms(Batch batch, float[] rowNll) {
        int n = batch.size();
        double[] elbo = new double[n];
        double[] component = new double[n];
        for (int b = 0; b < n; b++) {
            double s = 0;
            for (int j = 0; j < length; j++) s += rowNll[b * length + j];
            component[b] = Bits.perDimension(s / (length - batch.steps()[b]), length);
            elbo[b] = component[b] * length;
        }
        return new ItemTerms(elbo, component, batch.steps().clone());
    }
}
