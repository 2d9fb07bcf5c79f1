package io.ardm.ardm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.ardm.process.MixtureAbsorbingProcess;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The discretized logistic mixture of 16-bit audio: it sums to one over all 65,536 classes, tails included. */
class LogisticMixtureTest {
    private static final int K = 65_536, M = 30;

    static float[] randomOutputs(SplittableRandom r, int mixtures, double scaleShift) {
        float[] p = new float[3 * mixtures];
        for (int m = 0; m < mixtures; m++) {
            p[m] = (float) (3 * r.nextGaussian());
            p[mixtures + m] = (float) (0.5 * r.nextGaussian());
            p[2 * mixtures + m] = (float) (scaleShift + 2 * r.nextGaussian());
        }
        return p;
    }

    @Test
    void theIntegerTailsMakeTheMassSumToOneOverAllClasses() {
        LogisticMixture head = new LogisticMixture(M, K);
        SplittableRandom r = new SplittableRandom(1);
        // broad, sharp (at the −7 floor) and tail-heavy mixtures (means beyond ±1, where the end classes take the tails)
        for (double shift : new double[] {0, -6, 3}) {
            float[] p = randomOutputs(r, M, shift);
            if (shift == 3) for (int m = 0; m < M; m++) p[M + m] = (m % 2 == 0 ? 1.6f : -1.6f) - (float) (-1 + (2 * m + 1) / (double) M);
            double sum = 0;
            for (int x = 0; x < K; x++) sum += Math.exp(head.logProb(p, 0, x));
            assertEquals(1, sum, 1e-9, "scale shift " + shift);
        }
    }

    @Test
    void theOneComponentCaseIsTheClosedForm() {
        LogisticMixture head = new LogisticMixture(1, K);
        float[] p = {0f, 0.25f, -3f}; // μ = 0.25 (one component's centre is 0), log s = −3
        double s = Math.exp(-3), g = 1.0 / (K - 1);
        for (int x : new int[] {1, 40_000, 41_000, K - 2}) {
            double v = 2.0 * x / (K - 1) - 1;
            double expected = 1 / (1 + Math.exp(-(v - 0.25 + g) / s)) - 1 / (1 + Math.exp(-(v - 0.25 - g) / s));
            assertEquals(Math.log(expected), head.logProb(p, 0, x), 1e-6 * Math.abs(Math.log(expected)) + 1e-9, "class " + x);
        }
        double left = 1 / (1 + Math.exp(-(-1 - 0.25 + g) / s)); // σ at class 0's upper edge: the whole left tail
        assertEquals(Math.log(left), head.logProb(p, 0, 0), 1e-9);
    }

    @Test
    void probabilitiesAgreeWithLogProbClassByClass() {
        LogisticMixture head = new LogisticMixture(M, K);
        SplittableRandom r = new SplittableRandom(2);
        for (double shift : new double[] {0, -5}) {
            float[] p = randomOutputs(r, M, shift);
            double[] probs = new double[K];
            head.probabilities(p, 0, 1f, probs);
            double sum = 0;
            for (int x = 0; x < K; x++) {
                sum += probs[x];
                assertEquals(Math.exp(head.logProb(p, 0, x)), probs[x], 1e-12, "class " + x);
            }
            assertEquals(1, sum, 1e-9);
        }
    }

    @Test
    void theGradientMatchesFiniteDifferences() {
        LogisticMixture head = new LogisticMixture(4, K);
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 6; trial++) {
            float[] p = randomOutputs(r, 4, trial % 2 == 0 ? 1 : -3);
            int x = trial == 4 ? 0 : trial == 5 ? K - 1 : r.nextInt(K);
            double[] grad = new double[12];
            head.logProb(p, 0, x, grad);
            for (int i = 0; i < 12; i++) {
                float keep = p[i];
                float h = 1e-2f;
                p[i] = keep + h;
                double up = head.logProb(p, 0, x);
                p[i] = keep - h;
                double down = head.logProb(p, 0, x);
                p[i] = keep;
                double numeric = (up - down) / ((double) (keep + h) - (double) (keep - h));
                assertEquals(numeric, grad[i], 2e-3 * Math.max(1, Math.abs(numeric)), "trial " + trial + " output " + i + " class " + x);
            }
        }
    }

    /** A run of classes holds what its classes hold, tails included; its gradient matches finite differences. */
    @Test
    void aRunOfClassesHoldsTheSumOfItsClassesAndItsGradientMatchesFiniteDifferences() {
        int k = 256;
        LogisticMixture head = new LogisticMixture(5, k);
        SplittableRandom r = new SplittableRandom(6);
        int[][] runs = {{0, 0}, {0, 63}, {64, 127}, {200, 255}, {255, 255}, {17, 17}, {0, 255}, {100, 180}};
        for (double shift : new double[] {0, -1.5}) {
            float[] p = randomOutputs(r, 5, shift);
            for (int[] run : runs) {
                double sum = 0;
                for (int x = run[0]; x <= run[1]; x++) sum += Math.exp(head.logProb(p, 0, x));
                assertEquals(Math.log(sum), head.logRangeProb(p, 0, run[0], run[1], null), 1e-9, run[0] + ".." + run[1]);
                double[] grad = new double[15];
                head.logRangeProb(p, 0, run[0], run[1], grad);
                for (int i = 0; i < 15; i++) {
                    float keep = p[i], h = 1e-4f; // sharp logistics bend fast: a small step
                    p[i] = keep + h;
                    double up = head.logRangeProb(p, 0, run[0], run[1], null);
                    p[i] = keep - h;
                    double down = head.logRangeProb(p, 0, run[0], run[1], null);
                    p[i] = keep;
                    double numeric = (up - down) / ((double) (keep + h) - (double) (keep - h));
                    assertEquals(numeric, grad[i], 2e-3 * Math.max(1, Math.abs(numeric)), run[0] + ".." + run[1] + " output " + i);
                }
            }
            double[] masses = new double[4];
            head.rangeProbabilities(p, 0, 1f, new int[] {0, 64, 128, 192, 256}, masses);
            for (int q = 0; q < 4; q++) assertEquals(Math.exp(head.logRangeProb(p, 0, 64 * q, 64 * q + 63, null)), masses[q], 1e-12, "quarter " + q);
            // at another temperature (sampling) the runs hold what the class probabilities at that temperature hold, renormalised
            double[] classes = new double[k], cooled = new double[3];
            head.probabilities(p, 0, 0.7f, classes);
            head.rangeProbabilities(p, 0, 0.7f, new int[] {40, 100, 101, 140}, cooled);
            double[] want = {0, 0, 0};
            for (int x = 40; x < 140; x++) want[x < 100 ? 0 : x < 101 ? 1 : 2] += classes[x];
            double total = want[0] + want[1] + want[2];
            for (int q = 0; q < 3; q++) assertEquals(want[q] / total, cooled[q], 1e-9, "run " + q + " at temperature 0.7");
        }
        assertThrows(IllegalArgumentException.class, () -> head.logRangeProb(new float[15], 0, 9, 8, null));
    }

    @Test
    void theZeroInitialisedHeadStartsNearUniform() {
        LogisticMixture head = new LogisticMixture(M, K);
        float[] zero = new float[3 * M];
        for (int x : new int[] {100, 20_000, 32_768, 50_000, 65_000}) {
            double ratio = Math.exp(head.logProb(zero, 0, x)) * K;
            assertTrue(ratio > 0.5 && ratio < 2, "class " + x + " gets " + ratio + " × 1/K");
        }
    }

    @Test
    void theProcessLossIsTheWeightedNllAndBackpropagatesTheHeadsGradient() {
        LogisticMixture head = new LogisticMixture(3, K);
        MixtureAbsorbingProcess process = new MixtureAbsorbingProcess(2, head);
        SplittableRandom r = new SplittableRandom(4);
        float[] a = randomOutputs(r, 3, 0), b = randomOutputs(r, 3, -2);
        float[] both = new float[18];
        System.arraycopy(a, 0, both, 0, 9);
        System.arraycopy(b, 0, both, 9, 9);
        Tape tape = Tape.training();
        Tensor logits = Tensor.parameter(1, 2, 9);
        System.arraycopy(both, 0, logits.data, 0, 18);
        float[] rowNll = new float[2];
        Tensor loss = process.loss(tape, logits, new int[] {1}, new int[] {123, 40_000}, new float[] {2f, 0.5f}, rowNll);
        double expected = -2 * head.logProb(a, 0, 123) - 0.5 * head.logProb(b, 0, 40_000);
        assertEquals(expected, loss.data[0], 1e-4);
        assertEquals(-head.logProb(b, 0, 40_000), rowNll[1], 1e-4);
        tape.backward(loss);
        double[] g = new double[9];
        head.logProb(b, 0, 40_000, g);
        for (int i = 0; i < 9; i++) assertEquals(-0.5 * g[i], logits.grad()[9 + i], 1e-5, "output " + i + " of position 1");
    }
}
