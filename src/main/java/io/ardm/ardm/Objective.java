package io.ardm.ardm;

import java.util.SplittableRandom;

/** A training objective: how a batch of data becomes network inputs and weighted targets, and what it measured. */
public interface Objective {
    /** One network call's worth: inputs, targets, per-position loss weights (summing to the mean loss), steps t. */
    record Batch(int[] inputs, int[] targets, float[] weights, int[] steps) {
        public int size() {
            return steps.length;
        }
    }

    /**
     * Per-item results computed from the per-position negative log-likelihoods (nats; 0 where the weight is 0):
     * an estimate of −log2 p(x)/D, and the loss components L_{steps[b]} it observed (empty when the objective has none).
     */
    record ItemTerms(double[] elboBits, double[] componentBits, int[] steps) {}

    /** Data [batch, D] → one batch for the network. */
    Batch sample(int[] data, int batch, SplittableRandom rng);

    ItemTerms terms(Batch batch, float[] rowNll);
}
