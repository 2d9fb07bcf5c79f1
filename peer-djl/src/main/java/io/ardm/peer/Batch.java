package io.ardm.peer;

import java.util.Random;

/**
 * A synthetic ARDM training batch: random input ids (0..28, 28 being the absorbing token), random targets and a
 * random mask of positions to predict, weighted by sequence / masked-count as the ARDM ELBO term weights them.
 */
record Batch(int size, int sequence, long[] inputs, long[] targets, float[] weights) {

    static Batch random(int size, int sequence, long seed) {
        Random random = new Random(seed);
        long[] inputs = new long[size * sequence];
        long[] targets = new long[size * sequence];
        float[] weights = new float[size * sequence];
        for (int b = 0; b < size; b++) {
            boolean[] masked = new boolean[sequence];
            int maskedCount = 0;
            for (int t = 0; t < sequence; t++) {
                masked[t] = random.nextBoolean();
                maskedCount += masked[t] ? 1 : 0;
            }
            for (int t = 0; t < sequence; t++) {
                int i = b * sequence + t;
                targets[i] = random.nextInt(ReferenceModel.OUTPUT_CLASSES);
                inputs[i] = masked[t] ? ReferenceModel.OUTPUT_CLASSES : targets[i];
                weights[i] = masked[t] ? (float) sequence / maskedCount : 0f;
            }
        }
        return new Batch(size, sequence, inputs, targets, weights);
    }
}
