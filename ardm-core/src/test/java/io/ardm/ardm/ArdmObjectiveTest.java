package io.ardm.ardm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.ardm.process.AbsorbingProcess;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArdmObjectiveTest {
    private static final double LN2 = Math.log(2);

    @Test
    void masksAndWeightsOnAHandComputedCase() {
        // D = 4, σ = (2, 0, 3, 1): at t = 2 positions 1 and 3 (σ < 2) are shown, 0 and 2 are absorbed.
        ArdmObjective obj = new ArdmObjective(new AbsorbingProcess(4, 28), 0.0, StepSampler.UNIFORM);
        Order order = Order.of(new int[] {2, 0, 3, 1});
        ArdmObjective.Batch batch = obj.prepare(new int[] {5, 6, 7, 8}, new Order[] {order}, new int[] {2});
        assertArrayEquals(new int[] {28, 6, 28, 8}, batch.input().values());
        float w = (float) (4.0 / 2.0 / (4 * LN2)); // D/(D−t) / (d ln2)
        assertArrayEquals(new float[] {w, 0f, w, 0f}, batch.weights());

        // with NLLs of 1 and 3 nats at the absorbed positions: S = 4 nats, L_t = S/(D−t) = 2 nats = 2/(4 ln2) bpd
        ArdmObjective.ItemTerms terms = obj.terms(batch, new float[] {1f, 0f, 3f, 0f});
        assertEquals(2.0 / (4 * LN2), terms.componentBits()[0], 1e-12);
        assertEquals(4 * 2.0 / (4 * LN2), terms.elboBits()[0], 1e-12);
    }

    @Test
    void ceTermAndBatchMeanEnterTheWeights() {
        ArdmObjective obj = new ArdmObjective(new AbsorbingProcess(4, 28), 0.5, StepSampler.UNIFORM);
        Order[] orders = {Order.leftToRight(4), Order.leftToRight(4)};
        ArdmObjective.Batch batch = obj.prepare(new int[8], orders, new int[] {0, 3});
        assertEquals((float) ((1.0 + 0.5) / (4 * LN2 * 2)), batch.weights()[0]);   // t = 0: D/D = 1
        assertEquals((float) ((4.0 + 0.5) / (4 * LN2 * 2)), batch.weights()[7]);   // t = 3: D/1 = 4
        assertEquals(0f, batch.weights()[6]);
    }

    @Test
    void stepZeroMasksEverythingAndLastStepShowsAllButOne() {
        ArdmObjective obj = new ArdmObjective(new AbsorbingProcess(5, 9), 0.0, StepSampler.UNIFORM);
        Order order = Order.random(5, new SplittableRandom(3));
        int[] x = {1, 2, 3, 4, 5};
        assertTrue(Arrays.stream(obj.prepare(x, new Order[] {order}, new int[] {0}).input().values()).allMatch(v -> v == 9));
        int[] last = obj.prepare(x, new Order[] {order}, new int[] {4}).input().values();
        assertEquals(1, Arrays.stream(last).filter(v -> v == 9).count());
        assertEquals(9, last[order.positionAt(4)]);
    }

    @Test
    void ordersArePermutationsWithConsistentInverse() {
        Order order = Order.random(50, new SplittableRandom(1));
        for (int t = 0; t < 50; t++) assertEquals(t, order.stepOf(order.positionAt(t)));
        assertThrows(IllegalArgumentException.class, () -> Order.of(new int[] {0, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> Order.of(new int[] {0, 3, 1}));
    }

    @Test
    void antitheticStepsCoverTheStrataExactlyOnce() {
        int[] t = StepSampler.ANTITHETIC.sample(8, 250, 1, new SplittableRandom(5)); // gcd 2: strata 125 apart
        Arrays.sort(t);
        int[] offsets = Arrays.stream(t).map(v -> v % 125).sorted().toArray();
        for (int i = 0; i < 8; i += 2) assertEquals(offsets[i], offsets[i + 1]);
        assertTrue(Arrays.stream(t).allMatch(v -> v >= 0 && v < 250));
        long low = Arrays.stream(t).filter(v -> v < 125).count();
        assertEquals(4, low);
    }

    @Test
    void uniformStepsAreRoughlyUniform() {
        int[] t = StepSampler.UNIFORM.sample(100_000, 10, 1, new SplittableRandom(9));
        int[] counts = new int[10];
        for (int v : t) counts[v]++;
        for (int c : counts) assertEquals(10_000, c, 500);
    }

    @Test
    void bellShapedStepsFollowTheirDistributionAndTheWeightedOnesKeepTheBound() {
        int d = 20;
        double total = 0;
        for (int t = 0; t < d; t++) total += StepSampler.bellProbability(t, d);
        assertEquals(1.0, total, 1e-12);
        assertTrue(StepSampler.bellProbability(10, d) > 10 * StepSampler.bellProbability(0, d) / 2, "peaked in the middle");
        int[] counts = new int[d];
        for (int t : StepSampler.BELL.sample(200_000, d, 1, new SplittableRandom(3))) counts[t]++;
        for (int t = 0; t < d; t++) assertEquals(StepSampler.bellProbability(t, d), counts[t] / 200_000.0, 0.004, "t = " + t);
        // Importance weights turn an expectation under q back into the uniform one, for any per-step term f(t).
        double[] f = new SplittableRandom(4).doubles(d, 0, 5).toArray();
        double uniform = 0, weighted = 0;
        for (int t = 0; t < d; t++) {
            uniform += f[t] / d;
            weighted += StepSampler.bellProbability(t, d) * StepSampler.BELL_WEIGHTED.importance(t, d) * f[t];
        }
        assertEquals(uniform, weighted, 1e-12);
        assertEquals(1.0, StepSampler.BELL.importance(3, d));
        // stages are drawn uniformly: global steps of both stages appear
        int[] global = StepSampler.BELL.sample(1000, d, 2, new SplittableRandom(5));
        assertTrue(java.util.Arrays.stream(global).anyMatch(g -> g >= d) && java.util.Arrays.stream(global).anyMatch(g -> g < d));
    }

    @Test
    void theNarrowBellIsBetaThreeThreeAtTheMidpoints() {
        // D = 4: u = 1/8, 3/8, 5/8, 7/8, u(1 − u) = 7, 15, 15, 7 (/64), squared 49, 225, 225, 49 (/4096).
        assertEquals(49.0 / 548, StepSampler.narrowBellProbability(0, 4), 1e-15);
        assertEquals(225.0 / 548, StepSampler.narrowBellProbability(2, 4), 1e-15);
        int d = 20;
        assertTrue(StepSampler.narrowBellProbability(10, d) > StepSampler.bellProbability(10, d), "more of the middle than BELL");
        assertTrue(StepSampler.narrowBellProbability(1, d) < StepSampler.bellProbability(1, d), "less of the ends");
        int[] counts = new int[d];
        for (int t : StepSampler.BELL_NARROW.sample(200_000, d, 1, new SplittableRandom(6))) counts[t]++;
        for (int t = 0; t < d; t++) assertEquals(StepSampler.narrowBellProbability(t, d), counts[t] / 200_000.0, 0.004, "t = " + t);
        assertEquals(1.0, StepSampler.BELL_NARROW.importance(3, d), "the ELBO's own weight, as BELL");
    }

    @Test
    void importanceWeightsEnterTheLossWeights() {
        ArdmObjective obj = new ArdmObjective(new AbsorbingProcess(4, 28), 0.0, StepSampler.BELL_WEIGHTED);
        ArdmObjective.Batch batch = obj.prepare(new int[4], new Order[] {Order.leftToRight(4)}, new int[] {1});
        double want = 4.0 / 3.0 * StepSampler.BELL_WEIGHTED.importance(1, 4) / (4 * LN2);
        assertEquals((float) want, batch.weights()[3]);
    }

    @Test
    void knownPositionsMoveToTheFrontKeepingRelativeOrder() {
        Order order = Order.of(new int[] {2, 0, 3, 1, 4});
        Order moved = order.withKnownFirst(new boolean[] {false, false, true, false, true});
        // known positions 2 (step 3) and 4 (step 4) first; then 1 (step 0), 3 (step 1), 0 (step 2)
        assertArrayEquals(new int[] {4, 2, 0, 3, 1}, moved.toArray());
    }
}
