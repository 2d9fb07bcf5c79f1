package io.ardm.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.Ardm;
import io.ardm.ardm.Policy;
import io.ardm.ardm.PolicySolver;
import io.ardm.ardm.StagePolicies;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Infill policies spend the whole budget on the unknown positions, DP-optimally for the steps that remain. */
class InfillPoliciesTest {
    @Test
    void theBudgetGoesToTheUnknownPositions() {
        LoadedModel m = Ardm.load("text8-oa").loaded();
        StagePolicies infill = m.infillPolicies(10, 200);
        assertEquals(10, infill.stage(0).boundariesFrom(200).length, "10 calls for the 50 unknown positions");
        assertTrue(m.policies(10).stage(0).boundariesFrom(200).length < 10, "the whole-window policy spends calls on given positions");
        assertEquals(50, m.infillPolicies(60, 200).stage(0).boundariesFrom(200).length, "a budget above the unknowns: one by one");

        // DP-optimal on the remaining components (sorted in descending order, as the solver and the official code use
        // them): its cost there is the solver's minimum, below the evenly spaced one.
        double[] rest = PolicySolver.sortedDescending(Arrays.copyOfRange(m.components().estimate(), 200, 250));
        int[] from = infill.stage(0).boundariesFrom(200);
        int[] local = Arrays.stream(from).map(t -> t - 200).toArray();
        double cost = Policy.of(50, local).cost(rest);
        assertEquals(PolicySolver.solve(rest, 10).policy(10).cost(rest), cost, 1e-12);
        assertTrue(cost <= Policy.naive(50, 10).cost(rest));
    }
}
