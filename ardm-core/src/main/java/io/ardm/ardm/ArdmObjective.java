package io.ardm.ardm;

import io.ardm.ardm.process.Process;
import java.util.SplittableRandom;

/**
 * The ARDM training objective (paper §3, spec §2.2 and §3.5). For datapoint x, a global step drawn uniformly over the
 * process's S·D steps (stage g, step t), and an order σ, the positions with σ &lt; t show their revealed value, the rest
 * their hidden one, and those D − t are predicted:
 * <pre>
 *   S_b = Σ_{σ_j ≥ t} log p(x_j | shown)               (natural log)
 *   L   = S_b / (D − t)                                (one loss component, spec §4.1)
 *   elbo = S·D·L                                       (unbiased for the full S·D-step bound)
 *   loss = −elbo/(d ln2) − ce·S_b/(d ln2)              (bits per dimension)
 * </pre>
 * With the absorbing process (S = 1) this is the OA-ARDM objective.
 */
public final class ArdmObjective implements Objective {
    private final Process process;
    private final double ceWeight;
    private final StepSampler steps;

    /**
     * @param ceWeight weight of the extra unweighted cross-entropy term (text8: 1e-4)
     */
    public ArdmObjective(Process process, double ceWeight, StepSampler steps) {
        this.process = process;
        this.ceWeight = ceWeight;
        this.steps = steps;
    }

    @Override
    public Process process() {
        return process;
    }

    /** Draws σ and the global step per item (independently) and builds the inputs and weights for a mean loss. */
    @Override
    public Batch sample(int[] data, int batch, SplittableRandom rng) {
        Order[] orders = new Order[batch];
        for (int b = 0; b < batch; b++) orders[b] = Order.random(process.length(), rng);
        return prepare(data, orders, steps.sample(batch, process.length(), process.stages(), rng));
    }

    /** Builds the batch for given orders and global steps (for evaluation with fixed σ and t). */
    public Batch prepare(int[] data, Order[] orders, int[] globalSteps) {
        int batch = globalSteps.length;
        int d = process.length();
        if (data.length != batch * d) throw new IllegalArgumentException("expected " + batch + "×" + d + " values, got " + data.length);
        int[] values = new int[data.length];
        boolean[] revealed = new boolean[data.length];
        float[] weights = new float[data.length];
        for (int b = 0; b < batch; b++) {
            int stage = globalSteps[b] / d;
            int t = globalSteps[b] % d;
            process.show(data, b * d, orders[b], stage, t, values, revealed, b * d);
            float w = (float) ((stepWeight(t) * steps.importance(t, d) + ceWeight) / (d * Math.log(2) * batch));
            for (int j = b * d; j < (b + 1) * d; j++) weights[j] = revealed[j] ? 0f : w;
        }
        return new Batch(new StepInput(values, revealed, globalSteps.clone(), batch), data.clone(), weights);
    }

    /** The same objective drawing its steps uniformly: what evaluation uses, whatever the training sampler. */
    public ArdmObjective withUniformSteps() {
        return new ArdmObjective(process, ceWeight, StepSampler.UNIFORM);
    }

    /** S·D/(D − t): re-scales the average over the D − t predicted positions into the full S·D-step sum. */
    public double stepWeight(int t) {
        int d = process.length();
        return (double) process.stages() * d / (d - t);
    }

    /**
     * {@code elboBits[b]} is the single-sample estimate of −log2 p(x)/D (the test-set estimator of spec §2.3);
     * {@code componentBits[b]} is L in bits per dimension, the value the loss-component tracker receives for the item's
     * global step.
     */
    @Override
    public ItemTerms terms(Batch batch, float[] rowNll) {
        int n = batch.size();
        int d = process.length();
        double[] elbo = new double[n];
        double[] component = new double[n];
        for (int b = 0; b < n; b++) {
            int t = batch.input().steps()[b] % d;
            component[b] = Bits.perDimension(Objective.itemNats(rowNll, b, d) / (d - t), d);
            elbo[b] = component[b] * d * process.stages();
        }
        return new ItemTerms(elbo, component, batch.input().steps().clone());
    }
}
