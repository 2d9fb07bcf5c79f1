package io.ardm.run;

import io.ardm.ardm.Likelihood;
import io.ardm.ardm.Objective;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * The objective's own estimate of −log2 p(x)/D on held-out data: for an OA-ARDM the single-sample ELBO (one random
 * σ and t per datapoint, spec §2.3), for the left-to-right baseline the exact likelihood.
 */
public final class Evaluation {
    private Evaluation() {}

    /** {@code data}: [n, D]; mean and standard error over the datapoints, in bits per dimension. */
    public static Likelihood.Estimate estimate(TrainableArdm net, Objective objective, int[] data, int batch, SplittableRandom rng) {
        return Likelihood.Estimate.of(samples(net, objective, data, batch, rng));
    }

    /** The per-datapoint terms of {@link #estimate}, in data order. */
    public static double[] samples(TrainableArdm net, Objective objective, int[] data, int batch, SplittableRandom rng) {
        int d = net.length();
        int n = data.length / d;
        double[] terms = new double[n];
        for (int first = 0; first < n; first += batch) {
            int m = Math.min(batch, n - first);
            Objective.Batch b = objective.sample(java.util.Arrays.copyOfRange(data, first * d, (first + m) * d), m, rng);
            Tensor logits = net.logits(Tape.inference(), b.input(), b.lossRows());
            float[] rowNll = new float[m * d];
            objective.loss(Tape.inference(), logits, b, rowNll);
            System.arraycopy(objective.terms(b, rowNll).elboBits(), 0, terms, first, m);
        }
        return terms;
    }
}
