package io.ardm.ardm;

import io.ardm.ardm.process.AbsorbingProcess;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeftToRightObjectiveTest {
    @Test
    void inputsAreTheDataShiftedBehindABosToken() {
        LeftToRightObjective obj = new LeftToRightObjective(new AbsorbingProcess(3, 28));
        Objective.Batch b = obj.sample(new int[] {5, 6, 7, 8, 9, 10}, 2, new SplittableRandom(1));
        assertArrayEquals(new int[] {28, 5, 6, 28, 8, 9}, b.input().values());
        assertArrayEquals(new int[] {5, 6, 7, 8, 9, 10}, b.targets());
        float w = (float) (1 / (3 * Math.log(2) * 2));
        assertArrayEquals(new float[] {w, w, w, w, w, w}, b.weights());
    }

    @Test
    void termsAreTheExactBitsPerCharacter() {
        LeftToRightObjective obj = new LeftToRightObjective(new AbsorbingProcess(2, 28));
        Objective.Batch b = obj.sample(new int[] {1, 2}, 1, new SplittableRandom(1));
        Objective.ItemTerms t = obj.terms(b, new float[] {(float) Math.log(2), (float) Math.log(8)});
        assertEquals((1 + 3) / 2.0, t.elboBits()[0], 1e-6);
        assertEquals(0, t.componentBits().length);
    }
}
