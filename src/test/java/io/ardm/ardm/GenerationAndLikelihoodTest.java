package io.ardm.ardm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Generation and likelihood against a network with known, input-independent per-position distributions, which
 * also checks on every call that exactly t positions are shown at step t.
 */
class GenerationAndLikelihoodTest {
    static final class IndependentNetwork implements ArdmNetwork {
        final int d, k;
        final float[] logitsPerPosition;
        int calls;

        IndependentNetwork(int d, int k, long seed) {
            this.d = d;
            this.k = k;
            SplittableRandom r = new SplittableRandom(seed);
            logitsPerPosition = new float[d * k];
            for (int i = 0; i < logitsPerPosition.length; i++) logitsPerPosition[i] = (float) (r.nextDouble() * 4 - 2);
        }

        @Override public Tensor logits(Tape tape, int[] inputs, int[] steps, int batch) {
            calls++;
            Tensor out = Tensor.zeros(batch, d, k);
            for (int b = 0; b < batch; b++) {
                int shown = 0;
                for (int j = 0; j < d; j++) if (inputs[b * d + j] != absorbing()) shown++;
                assertEquals(steps[b], shown, "step t must show exactly t positions");
                System.arraycopy(logitsPerPosition, 0, out.data, b * d * k, d * k);
            }
            return out;
        }

        @Override public int length() { return d; }
        @Override public int classes() { return k; }
        @Override public int absorbing() { return k; }

        double bits(int[] x) {
            double nats = 0;
            for (int j = 0; j < d; j++) nats -= Logits.logProb(logitsPerPosition, j * k, k, x[j]);
            return Bits.perDimension(nats, d);
        }
    }

    @Test
    void exactBitsIsTheSameForAnyOrderAndSchedule() {
        IndependentNetwork net = new IndependentNetwork(12, 5, 1);
        int[] x = {0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 4, 4};
        double want = net.bits(x);
        SplittableRandom rng = new SplittableRandom(2);
        assertEquals(want, Likelihood.exactBits(net, x, Order.leftToRight(12), Policy.sequential(12), 5), 1e-6);
        assertEquals(want, Likelihood.exactBits(net, x, Order.random(12, rng), Policy.of(12, 0, 3, 7), 2), 1e-6);
        assertEquals(want, Likelihood.exactBits(net, x, Order.random(12, rng), Policy.of(12, 0), 1), 1e-6);
    }

    @Test
    void stochasticElboIsUnbiasedForFullAndParallelSchedules() {
        IndependentNetwork net = new IndependentNetwork(10, 4, 3);
        int n = 20;
        int[] data = new int[n * 10];
        SplittableRandom rng = new SplittableRandom(4);
        double want = 0;
        for (int i = 0; i < data.length; i++) data[i] = rng.nextInt(4);
        for (int i = 0; i < n; i++) want += net.bits(java.util.Arrays.copyOfRange(data, i * 10, i * 10 + 10)) / n;
        for (Policy policy : new Policy[] {Policy.sequential(10), Policy.of(10, 0, 2, 5)}) {
            Likelihood.Estimate e = Likelihood.stochasticElbo(net, data, n, policy, 200, 7, rng);
            assertEquals(want, e.bitsPerDim(), 4 * e.standardError() + 1e-9, "policy " + policy);
            assertTrue(e.standardError() > 0);
        }
    }

    @Test
    void samplingMakesOneCallPerScheduleStep() {
        IndependentNetwork net = new IndependentNetwork(16, 3, 5);
        Generation.Result r = Generation.sample(net, 4, Policy.of(16, 0, 4, 9, 13), 1f, new SplittableRandom(6));
        assertEquals(4, r.networkCalls());
        assertEquals(4, net.calls);
        for (int v : r.values()) assertTrue(v >= 0 && v < 3);
        net.calls = 0;
        assertEquals(16, Generation.sample(net, 1, Policy.sequential(16), 1f, new SplittableRandom(7)).networkCalls());
    }

    @Test
    void infillKeepsGivenPositionsAndStartsAfterThem() {
        IndependentNetwork net = new IndependentNetwork(8, 3, 8);
        int[] values = {2, 0, 0, 1, 0, 0, 0, 2};
        boolean[] known = {true, false, false, true, false, false, false, true};
        Generation.Result r = Generation.infill(net, values, known, 1, Policy.sequential(8), 1f, new SplittableRandom(9));
        assertEquals(2, r.values()[0]);
        assertEquals(1, r.values()[3]);
        assertEquals(2, r.values()[7]);
        assertEquals(5, r.networkCalls(), "three given positions leave five sequential steps");
    }

    @Test
    void samplesFollowTheModelDistribution() {
        IndependentNetwork net = new IndependentNetwork(2, 3, 10);
        int count = 20_000;
        int[] values = Generation.sample(net, count, Policy.of(2, 0), 1f, new SplittableRandom(11)).values();
        double[] p = new double[3];
        Logits.probabilities(net.logitsPerPosition, 0, 3, 1f, p);
        int[] hist = new int[3];
        for (int i = 0; i < count; i++) hist[values[i * 2]]++;
        for (int c = 0; c < 3; c++) assertEquals(p[c], hist[c] / (double) count, 0.015);
    }

    @Test
    void estimatedComponentsSumToTheLikelihood() {
        IndependentNetwork net = new IndependentNetwork(10, 4, 12);
        int n = 30;
        int[] data = new int[n * 10];
        SplittableRandom rng = new SplittableRandom(13);
        for (int i = 0; i < data.length; i++) data[i] = rng.nextInt(4);
        double want = 0;
        for (int i = 0; i < n; i++) want += net.bits(java.util.Arrays.copyOfRange(data, i * 10, i * 10 + 10)) / n;
        int[] seen = new int[1];
        double[] components = Likelihood.components(net, data, n, 300, 64, rng, t -> seen[0] = t);
        assertEquals(10, seen[0], "progress reaches D");
        assertEquals(want, java.util.Arrays.stream(components).sum(), 0.02 * want);
    }
}
