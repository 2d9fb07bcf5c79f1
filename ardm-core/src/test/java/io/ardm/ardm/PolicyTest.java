package io.ardm.ardm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PolicyTest {
    @Test
    void naivePolicyMatchesTheSpecExamples() {
        assertArrayEquals(new int[] {0, 3, 7}, Policy.naive(10, 3).boundaries());
        assertArrayEquals(new int[] {0, 12, 25, 38, 50, 62, 75, 88, 100, 112, 125, 138, 150, 162, 175, 188,
                200, 212, 225, 238}, Policy.naive(250, 20).boundaries());
        int[] cifar = Policy.naive(3072, 50).boundaries();
        assertEquals(50, cifar.length);
        assertArrayEquals(new int[] {0, 61, 123, 184, 246}, Arrays.copyOf(cifar, 5));
    }

    @Test
    void aPolicyPlacedAfterGivenStepsKeepsItsCallsForTheRest() {
        Policy after = Policy.naive(10, 3).after(5);
        assertEquals(15, after.steps());
        assertArrayEquals(new int[] {5, 8, 12}, after.boundariesFrom(5), "the three calls of steps 5..14");
        assertArrayEquals(new int[] {0, 5, 8, 12}, after.boundaries());
        assertEquals(Policy.naive(10, 3), Policy.naive(10, 3).after(0));
    }

    @Test
    void naivePolicyWithFullBudgetIsSequential() {
        int[] all = Policy.naive(7, 7).boundaries();
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, all);
        assertArrayEquals(new int[] {0}, Policy.naive(7, 1).boundaries());
    }

    @Test
    void naivePolicyRejectsBudgetsOutsideOneToD() {
        assertThrows(IllegalArgumentException.class, () -> Policy.naive(10, 11));
        assertThrows(IllegalArgumentException.class, () -> Policy.naive(10, 0));
    }

    @Test
    void stepRangesFollowTheCodeDocExample() {
        Policy p = Policy.of(8, 0, 2, 4, 5);
        assertEquals(4, p.networkCalls());
        assertEquals(new Policy.StepRange(0, 2), p.stepRange(0));
        assertEquals(new Policy.StepRange(2, 4), p.stepRange(1));
        assertEquals(new Policy.StepRange(4, 5), p.stepRange(2));
        assertEquals(new Policy.StepRange(5, 8), p.stepRange(3));
        assertEquals(3, p.stepRange(3).size());
        assertThrows(IllegalArgumentException.class, () -> p.stepRange(4));
    }

    @Test
    void costIsComponentTimesWidthSummedOverCalls() {
        double[] kl = {5, 4, 3, 2.85, 2.80};
        assertEquals(19.0, Policy.of(5, 0, 2).cost(kl), 1e-12);
        assertEquals(25.0, Policy.of(5, 0).cost(kl), 0);
        assertEquals(17.65, Policy.of(5, 0, 1, 2, 3, 4).cost(kl), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Policy.of(4, 0).cost(kl));
    }

    @Test
    void invalidBoundariesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Policy.of(5, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Policy.of(5, 0, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Policy.of(5, 0, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> Policy.of(5, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> Policy.of(5));
    }

    @Test
    void deduplicationDropsZeroWidthStepsOnly() {
        Policy p = Policy.deduplicated(5, new int[] {0, 0, 0, 1, 3, 3});
        assertArrayEquals(new int[] {0, 1, 3}, p.boundaries());
        double[] kl = {3, 2, 2, 2, 2};
        assertEquals(Policy.of(5, 0, 1, 3), p);
        assertEquals(3 + 2 * 2 + 2 * 2, p.cost(kl), 0);
        assertThrows(IllegalArgumentException.class, () -> Policy.deduplicated(5, new int[] {0, 2, 1}));
    }

    @Test
    void boundariesFromDropEverythingBeforeTheStart() {
        Policy p = Policy.of(10, 0, 2, 5, 9);
        assertArrayEquals(new int[] {3, 5, 9}, p.boundariesFrom(3));
        assertArrayEquals(new int[] {0, 2, 5, 9}, p.boundariesFrom(0));
        assertArrayEquals(new int[] {5, 9}, p.boundariesFrom(5));
        assertEquals(0, p.boundariesFrom(10).length);
        assertThrows(IllegalArgumentException.class, () -> p.boundariesFrom(11));
    }
}
