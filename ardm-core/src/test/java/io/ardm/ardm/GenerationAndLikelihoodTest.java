package io.ardm.ardm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.ardm.process.AbsorbingProcess;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Generation and likelihood against a network with known distributions: each position has its own logits, shifted
 * by how many positions are shown (so the loss components differ from step to step and a policy's cost depends on
 * the policy). On every call it also checks that exactly t positions are shown at step t.
 */
class GenerationAndLikelihoodTest {
    static final class StepDependentNetwork implements ArdmNetwork {
        final int d, k;
        final float[] logitsPerPosition;
        final float[] slope;
        int calls;

        StepDependentNetwork(int d, int k, long seed) {
            this.d = d;
            this.k = k;
            SplittableRandom r = new SplittableRandom(seed);
            logitsPerPosition = new float[d * k];
            for (int i = 0; i < logitsPerPosition.length; i++) logitsPerPosition[i] = (float) (r.nextDouble() * 4 - 2);
            slope = new float[k];
            for (int c = 0; c < k; c++) slope[c] = (float) (r.nextDouble() * 6 - 3);
            process = new AbsorbingProcess(d, k);
        }

        /** Logits of position j when t positions are shown. */
        float[] logitsAt(int j, int t) {
            float[] row = new float[k];
            for (int c = 0; c < k; c++) row[c] = logitsPerPosition[j * k + c] + slope[c] * t / d;
            return row;
        }

        final AbsorbingProcess process;

        @Override public Tensor logits(Tape tape, StepInput input) {
            calls++;
            int batch = input.batch();
            Tensor out = Tensor.zeros(batch, d, k);
            for (int b = 0; b < batch; b++) {
                int shown = 0;
                for (int j = 0; j < d; j++) {
                    boolean absorbed = input.values()[b * d + j] == process.absorbing();
                    assertEquals(!absorbed, input.revealed()[b * d + j], "the mask marks exactly the shown positions");
                    if (!absorbed) shown++;
                }
                assertEquals(input.steps()[b], shown, "step t must show exactly t positions");
                for (int j = 0; j < d; j++) System.arraycopy(logitsAt(j, shown), 0, out.data, (b * d + j) * k, k);
            }
            return out;
        }

        @Override public int length() { return d; }
        @Override public int classes() { return k; }

        /** −ln p(x_j) when t positions are shown. */
        double nll(int j, int t, int value) {
            return -Logits.logProb(logitsAt(j, t), 0, k, value);
        }

        /** The exact code length for a fixed order and policy, by hand: position σ⁻¹(t) pays at its group's start. */
        double exactBits(int[] x, Order order, Policy policy) {
            double nats = 0;
            for (int i = 0; i < policy.networkCalls(); i++) {
                Policy.StepRange r = policy.stepRange(i);
                for (int t = r.from(); t < r.to(); t++) nats += nll(order.positionAt(t), r.from(), x[order.positionAt(t)]);
            }
            return Bits.perDimension(nats, d);
        }

        /** E_σ of the parallel ELBO Σ_i k_i·L_{p_i}: at step l every position is absorbed with equal chance. */
        double parallelElbo(int[] x, int xOff, Policy policy) {
            double bits = 0;
            for (int i = 0; i < policy.networkCalls(); i++) {
                Policy.StepRange r = policy.stepRange(i);
                double meanNll = 0;
                for (int j = 0; j < d; j++) meanNll += nll(j, r.from(), x[xOff + j]) / d;
                bits += r.size() * Bits.perDimension(meanNll, d);
            }
            return bits;
        }
    }

    @Test
    void exactBitsScoresEachPositionAtItsPolicyStep() {
        StepDependentNetwork net = new StepDependentNetwork(12, 5, 1);
        int[] x = {0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 4, 4};
        SplittableRandom rng = new SplittableRandom(2);
        for (Policy policy : new Policy[] {Policy.sequential(12), Policy.of(12, 0, 3, 7), Policy.of(12, 0)}) {
            Order order = Order.random(12, rng);
            assertEquals(net.exactBits(x, order, policy), Likelihood.exactBits(net, net.process, x, new Order[] {order}, StagePolicies.of(policy), 2), 1e-6, policy.toString());
        }
        Order order = Order.random(12, rng);
        assertTrue(Math.abs(net.exactBits(x, order, Policy.sequential(12)) - net.exactBits(x, order, Policy.of(12, 0))) > 1e-3,
                "the test network makes the policy matter");
    }

    @Test
    void stochasticElboIsUnbiasedForFullAndParallelSchedules() {
        StepDependentNetwork net = new StepDependentNetwork(10, 4, 3);
        int n = 20;
        SplittableRandom rng = new SplittableRandom(4);
        int[] data = rng.ints(n * 10, 0, 4).toArray();
        double[] wants = new double[2];
        Policy[] policies = {Policy.sequential(10), Policy.of(10, 0, 2, 5)};
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < n; i++) wants[p] += net.parallelElbo(data, i * 10, policies[p]) / n;
        }
        assertTrue(Math.abs(wants[0] - wants[1]) > 0.05, "the policies must cost differently: " + wants[0] + " vs " + wants[1]);
        for (int p = 0; p < 2; p++) {
            Likelihood.Estimate e = Likelihood.stochasticElbo(net, net.process, data, n, StagePolicies.of(policies[p]), 300, 7, rng.nextLong());
            assertEquals(wants[p], e.bitsPerDim(), 4 * e.standardError() + 1e-9, "policy " + policies[p]);
            assertTrue(e.standardError() > 0);
        }
    }

    /** Each term's σ and t depend on the seed, pass and segment index only: slices scored apart, in other batches, agree. */
    @Test
    void aCorpusScoredInSlicesGetsTheTermsOfTheWhole() {
        StepDependentNetwork net = new StepDependentNetwork(10, 4, 3);
        int n = 13;
        int split = 5;
        int passes = 3;
        int[] data = new SplittableRandom(6).ints(n * 10, 0, 4).toArray();
        StagePolicies policies = StagePolicies.of(Policy.of(10, 0, 2, 5));
        double[] whole = Likelihood.stochasticElboSamples(net, net.process, data, n, policies, passes, 4, 21);
        double[] head = Likelihood.stochasticElboSamples(net, net.process, java.util.Arrays.copyOf(data, split * 10), split, policies, passes, 3, 21, 0);
        double[] tail = Likelihood.stochasticElboSamples(net, net.process, java.util.Arrays.copyOfRange(data, split * 10, n * 10), n - split,
                policies, passes, 7, 21, split);
        for (int pass = 0; pass < passes; pass++) {
            for (int i = 0; i < n; i++) {
                double slice = i < split ? head[pass * split + i] : tail[pass * (n - split) + i - split];
                assertEquals(whole[pass * n + i], slice, 0.0, "pass " + pass + ", segment " + i);
            }
        }
        double[] otherSeed = Likelihood.stochasticElboSamples(net, net.process, data, n, policies, passes, 4, 22);
        assertFalse(java.util.Arrays.equals(whole, otherSeed), "another seed draws other orders and steps");
    }

    /** Equally seeded estimates share σ and t, so the paired difference of two policies is less noisy than either. */
    @Test
    void pairedDifferenceOfTwoPoliciesHasASmallerStandardError() {
        StepDependentNetwork net = new StepDependentNetwork(10, 4, 3);
        int n = 20;
        SplittableRandom rng = new SplittableRandom(5);
        int[] data = rng.ints(n * 10, 0, 4).toArray();
        Policy full = Policy.sequential(10);
        Policy parallel = Policy.of(10, 0, 1, 2, 4, 5, 7);
        double[] a = Likelihood.stochasticElboSamples(net, net.process, data, n, StagePolicies.of(full), 50, 7, 9);
        double[] b = Likelihood.stochasticElboSamples(net, net.process, data, n, StagePolicies.of(parallel), 50, 7, 9);
        assertEquals(Likelihood.Estimate.of(a).bitsPerDim(),
                Likelihood.stochasticElbo(net, net.process, data, n, StagePolicies.of(full), 50, 7, 9).bitsPerDim(), 1e-12);
        double[] difference = new double[a.length];
        for (int i = 0; i < a.length; i++) difference[i] = a[i] - b[i];
        double want = 0;
        for (int i = 0; i < n; i++) want += (net.parallelElbo(data, i * 10, full) - net.parallelElbo(data, i * 10, parallel)) / n;
        Likelihood.Estimate paired = Likelihood.Estimate.of(difference);
        assertEquals(want, paired.bitsPerDim(), 4 * paired.standardError() + 1e-9);
        assertTrue(paired.standardError() < Likelihood.Estimate.of(a).standardError(), paired + " vs " + Likelihood.Estimate.of(a));
    }

    @Test
    void samplingMakesOneCallPerScheduleStep() {
        StepDependentNetwork net = new StepDependentNetwork(16, 3, 5);
        Generation.Result r = Generation.sample(net, net.process, 4, StagePolicies.of(Policy.of(16, 0, 4, 9, 13)), 1f, new SplittableRandom(6));
        assertEquals(4, r.networkCalls());
        assertEquals(4, net.calls);
        for (int v : r.values()) assertTrue(v >= 0 && v < 3);
        net.calls = 0;
        assertEquals(16, Generation.sample(net, net.process, 1, StagePolicies.of(Policy.sequential(16)), 1f, new SplittableRandom(7)).networkCalls());
    }

    @Test
    void infillKeepsGivenPositionsAndStartsAfterThem() {
        StepDependentNetwork net = new StepDependentNetwork(8, 3, 8);
        int[] values = {2, 0, 0, 1, 0, 0, 0, 2};
        boolean[] known = {true, false, false, true, false, false, false, true};
        Generation.Result r = Generation.infill(net, net.process, values, known, 1, StagePolicies.of(Policy.sequential(8)), 1f, new SplittableRandom(9));
        assertEquals(2, r.values()[0]);
        assertEquals(1, r.values()[3]);
        assertEquals(2, r.values()[7]);
        assertEquals(5, r.networkCalls(), "three given positions leave five sequential steps");
    }

    @Test
    void samplesFollowTheModelDistribution() {
        StepDependentNetwork net = new StepDependentNetwork(2, 3, 10);
        int count = 20_000;
        int[] values = Generation.sample(net, net.process, count, StagePolicies.of(Policy.of(2, 0)), 1f, new SplittableRandom(11)).values();
        double[] p = new double[3];
        Logits.probabilities(net.logitsAt(0, 0), 0, 3, 1f, p);
        int[] hist = new int[3];
        for (int i = 0; i < count; i++) hist[values[i * 2]]++;
        for (int c = 0; c < 3; c++) assertEquals(p[c], hist[c] / (double) count, 0.015);
    }

    @Test
    void estimatedComponentsSumToTheLikelihood() {
        StepDependentNetwork net = new StepDependentNetwork(10, 4, 12);
        int n = 30;
        int[] data = new int[n * 10];
        SplittableRandom rng = new SplittableRandom(13);
        for (int i = 0; i < data.length; i++) data[i] = rng.nextInt(4);
        double want = 0;
        for (int i = 0; i < n; i++) want += net.parallelElbo(data, i * 10, Policy.sequential(10)) / n;
        int[] seen = new int[1];
        double[] components = Likelihood.components(net, net.process, data, n, 300, 64, rng, t -> seen[0] = t);
        assertEquals(10, seen[0], "progress reaches D");
        assertEquals(want, java.util.Arrays.stream(components).sum(), 0.02 * want);
        // each component is the mean NLL at that step, so the 1-step policy costs D·L_0
        double l0 = 0;
        for (int i = 0; i < n; i++) l0 += net.parallelElbo(data, i * 10, Policy.of(10, 0)) / n / 10;
        assertEquals(l0, components[0], 0.05 * l0);
    }

    @Test
    void conditionalBitsPayForTheUnknownPositionsOnlyInTheKnownFirstOrder() {
        int d = 12, k = 5;
        StepDependentNetwork net = new StepDependentNetwork(d, k, 8);
        SplittableRandom r = new SplittableRandom(9);
        int[] x = new int[d];
        for (int j = 0; j < d; j++) x[j] = r.nextInt(k);
        boolean[] known = new boolean[d];
        for (int j : new int[] {0, 3, 4, 9}) known[j] = true;
        Order order = Order.random(d, r);
        Order knownFirst = order.withKnownFirst(known);
        double byHand = 0;
        for (int t = 4; t < d; t++) byHand += net.nll(knownFirst.positionAt(t), t, x[knownFirst.positionAt(t)]);
        StagePolicies sequential = StagePolicies.sequential(1, d);
        double bits = Likelihood.conditionalBits(net, net.process, x, known, new Order[] {order}, sequential, 3);
        assertEquals(byHand / Math.log(2), bits, 1e-9);
        double none = Likelihood.conditionalBits(net, net.process, x, new boolean[d], new Order[] {order}, sequential, 3);
        assertEquals(d * Likelihood.exactBits(net, net.process, x, new Order[] {order}, sequential, 3), none, 1e-9,
                "nothing known: the whole datapoint's code length");
    }
}
