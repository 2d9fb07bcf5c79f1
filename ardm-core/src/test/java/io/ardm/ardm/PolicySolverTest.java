package io.ardm.ardm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.tensor.Parallel;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PolicySolverTest {
    @Test
    void reproducesTheOfficialTestVector() {
        OptimalPolicies opt = PolicySolver.solve(new double[] {5, 4, 3, 2.85, 2.80}, 5);
        double[] costs = {25, 19, 18, 17.7, 17.65};
        int[][] paths = {{0}, {0, 2}, {0, 1, 2}, {0, 1, 2, 3}, {0, 1, 2, 3, 4}};
        for (int b = 1; b <= 5; b++) {
            assertEquals(costs[b - 1], opt.cost(b), 1e-12, "budget " + b);
            assertArrayEquals(paths[b - 1], opt.rawBoundaries(b), "budget " + b);
            assertEquals(b, opt.policy(b).networkCalls());
        }
    }

    @Test
    void tiesGiveZeroWidthStepsThatDeduplicationRemoves() {
        OptimalPolicies opt = PolicySolver.solve(new double[] {3, 2, 2, 2, 2}, 5);
        assertArrayEquals(new int[] {0, 1}, opt.rawBoundaries(2));
        assertArrayEquals(new int[] {0, 0, 1}, opt.rawBoundaries(3));
        assertArrayEquals(new int[] {0, 0, 0, 0, 1}, opt.rawBoundaries(5));
        for (int b = 2; b <= 5; b++) {
            assertEquals(11.0, opt.cost(b), 0);
            assertEquals(Policy.of(5, 0, 1), opt.policy(b));
        }
        assertEquals(15.0, opt.cost(1), 0);
    }

    @Test
    void matchesTheFullOfficialRecurrenceBitForBit() {
        Random rnd = new Random(1);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + rnd.nextInt(trial < 30 ? 40 : 300);
            // Small integers give many exact ties, where only first-index selection decides the path.
            double[] kl = new double[n];
            for (int t = 0; t < n; t++) kl[t] = trial % 2 == 0 ? rnd.nextInt(4) : rnd.nextDouble() * 3;
            int maxBudget = 1 + rnd.nextInt(Math.min(n, 25));
            OptimalPolicies opt = PolicySolver.solve(kl, maxBudget);
            Reference ref = new Reference(sortedDescending(kl), maxBudget);
            for (int b = 1; b <= maxBudget; b++) {
                assertEquals(ref.cost(b), opt.cost(b), 0, "n=" + n + " budget " + b);
                assertArrayEquals(ref.path(b), opt.rawBoundaries(b), "n=" + n + " budget " + b);
            }
        }
    }

    @Test
    void resultDoesNotDependOnTheThreadCount() {
        double[] kl = decreasingWithNoise(new Random(2), 517);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            OptimalPolicies one = PolicySolver.solve(kl, 30);
            Parallel.setThreads(3);
            OptimalPolicies three = PolicySolver.solve(kl, 30);
            for (int b = 1; b <= 30; b++) {
                assertEquals(Double.doubleToRawLongBits(one.cost(b)), Double.doubleToRawLongBits(three.cost(b)));
                assertArrayEquals(one.rawBoundaries(b), three.rawBoundaries(b));
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void optimumEqualsExhaustiveSearchOverAllPolicies() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 30; trial++) {
            int n = 1 + rnd.nextInt(10);
            double[] kl = new double[n];
            for (int t = 0; t < n; t++) kl[t] = rnd.nextDouble();
            double[] sorted = sortedDescending(kl);
            OptimalPolicies opt = PolicySolver.solve(kl, n);
            for (int b = 1; b <= n; b++) {
                double best = bestCostOverAllPolicies(sorted, b);
                assertEquals(best, opt.cost(b), 1e-12, "n=" + n + " budget " + b);
                assertEquals(opt.cost(b), opt.policy(b).cost(sorted), 1e-12);
            }
        }
    }

    @Test
    void optimalPoliciesAreValidAndBeatTheNaiveOnes() {
        Random rnd = new Random(4);
        for (int trial = 0; trial < 10; trial++) {
            int n = 50 + rnd.nextInt(400);
            double[] kl = decreasingWithNoise(rnd, n);
            int maxBudget = Math.min(n, 40);
            OptimalPolicies opt = PolicySolver.solve(kl, maxBudget);
            double[] sorted = sortedDescending(kl);
            for (int b = 1; b <= maxBudget; b++) {
                int[] p = opt.policy(b).boundaries();
                assertEquals(0, p[0]);
                assertTrue(p[p.length - 1] < n);
                for (int i = 1; i < p.length; i++) assertTrue(p[i] > p[i - 1]);
                assertTrue(p.length <= b);
                assertTrue(opt.cost(b) <= Policy.naive(n, b).cost(sorted) + 1e-12, "budget " + b);
                if (b > 1) assertTrue(opt.cost(b) <= opt.cost(b - 1), "costs must not grow with budget");
            }
        }
    }

    @Test
    void fullBudgetGivesTheSequentialElbo() {
        double[] kl = decreasingWithNoise(new Random(5), 64);
        OptimalPolicies opt = PolicySolver.solve(kl, 64);
        assertEquals(Arrays.stream(kl).sum(), opt.cost(64), 1e-12);
        assertEquals(64, opt.policy(64).networkCalls());
        assertEquals(64 * Arrays.stream(kl).max().orElseThrow(), opt.cost(1), 1e-12);
    }

    @Test
    void componentsAreSortedBeforeSolving() {
        double[] kl = {2.85, 5, 2.80, 3, 4};
        OptimalPolicies opt = PolicySolver.solve(kl, 5);
        assertEquals(19.0, opt.cost(2), 1e-12);
        assertArrayEquals(new int[] {0, 2}, opt.rawBoundaries(2));
        assertArrayEquals(new double[] {2.85, 5, 2.80, 3, 4}, kl, "input must stay untouched");
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PolicySolver.solve(new double[] {1, 2}, 3));
        assertThrows(IllegalArgumentException.class, () -> PolicySolver.solve(new double[] {1, 2}, 0));
        assertThrows(IllegalArgumentException.class, () -> PolicySolver.solve(new double[0], 1));
        assertThrows(IllegalArgumentException.class, () -> PolicySolver.solve(new double[] {1, Double.NaN}, 1));
        assertThrows(IllegalArgumentException.class, () -> PolicySolver.solve(new double[] {1, -0.5}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> PolicySolver.solve(new double[] {1, Double.POSITIVE_INFINITY}, 1));
        OptimalPolicies opt = PolicySolver.solve(new double[] {3, 2, 1}, 2);
        assertThrows(IllegalArgumentException.class, () -> opt.policy(3));
        assertThrows(IllegalArgumentException.class, () -> opt.cost(0));
    }

    /** The official recurrence spelled out: full (D+1)² matrix N, every s, first index on ties. */
    private static final class Reference {
        final double[][] costs;
        final int[][] dims;

        Reference(double[] kl, int maxBudget) {
            int n = kl.length;
            double[][] nelbo = new double[n + 1][n + 1];
            for (int s = 0; s < n; s++) {
                for (int t = s + 1; t <= n; t++) nelbo[s][t] = kl[s] * (double) (t - s);
            }
            costs = new double[maxBudget + 1][n + 1];
            dims = new int[maxBudget + 1][n + 1];
            Arrays.fill(costs[0], Double.POSITIVE_INFINITY);
            costs[0][0] = 0;
            for (int k = 1; k <= maxBudget; k++) {
                for (int t = 0; t <= n; t++) {
                    int arg = 0;
                    double min = costs[k - 1][0] + nelbo[0][t];
                    for (int s = 1; s <= n; s++) {
                        double v = costs[k - 1][s] + nelbo[s][t];
                        if (v < min) {
                            min = v;
                            arg = s;
                        }
                    }
                    costs[k][t] = min;
                    dims[k][t] = arg;
                }
            }
        }

        double cost(int budget) {
            return costs[budget][costs[0].length - 1];
        }

        int[] path(int budget) {
            int[] path = new int[budget];
            int t = costs[0].length - 1;
            for (int k = budget; k >= 1; k--) path[k - 1] = t = dims[k][t];
            return path;
        }
    }

    private static double bestCostOverAllPolicies(double[] kl, int budget) {
        int n = kl.length;
        double best = Double.POSITIVE_INFINITY;
        // Bit i of mask set = a boundary at step i+1; step 0 is always a boundary.
        for (int mask = 0; mask < 1 << (n - 1); mask++) {
            if (Integer.bitCount(mask) + 1 > budget) continue;
            int[] starts = new int[Integer.bitCount(mask) + 1];
            for (int i = 0, j = 1; i < n - 1; i++) {
                if ((mask >> i & 1) != 0) starts[j++] = i + 1;
            }
            best = Math.min(best, Policy.of(n, starts).cost(kl));
        }
        return best;
    }

    private static double[] decreasingWithNoise(Random rnd, int n) {
        double[] kl = new double[n];
        for (int t = 0; t < n; t++) kl[t] = (8.0 * Math.exp(-4.0 * t / n) + 0.5 + 0.3 * rnd.nextDouble()) / n;
        return kl;
    }

    private static double[] sortedDescending(double[] kl) {
        return Arrays.stream(kl).boxed().sorted((a, b) -> Double.compare(b, a)).mapToDouble(Double::doubleValue)
                .toArray();
    }
}
