package io.ardm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EmaTest {
    @Test
    void startsAtTheParametersAndAveragesWithoutBiasCorrection() {
        Parameters p = new Parameters(0);
        float[] w = p.create("w", Initializer.ones(), 2).data;
        Ema ema = new Ema(p);
        assertArrayEquals(new float[] {1f, 1f}, ema.shadow().get("w").data);
        w[0] = 3f;
        w[1] = -1f;
        ema.update(0.9);
        assertArrayEquals(new float[] {1.2f, 0.8f}, ema.shadow().get("w").data, 1e-6f);
        ema.update(0.9);
        assertArrayEquals(new float[] {1.38f, 0.62f}, ema.shadow().get("w").data, 1e-6f);
        assertArrayEquals(new float[] {3f, -1f}, w, "the live weights are not touched");
    }

    @Test
    void evaluationSeesAveragedWeightsAndTrainingWeightsComeBack() {
        Parameters p = new Parameters(0);
        float[] w = p.create("w", Initializer.constant(2f), 1).data;
        Ema ema = new Ema(p);
        w[0] = 4f;
        ema.update(0.5);
        assertEquals(3f, ema.withAveragedWeights(() -> w[0]));
        assertEquals(4f, w[0]);
        assertEquals(3f, ema.shadow().get("w").data[0]);
        assertThrows(IllegalStateException.class, () -> ema.withAveragedWeights(() -> {
            throw new IllegalStateException("evaluation failed");
        }));
        assertEquals(4f, w[0], "restored after a failing evaluation");
        assertEquals(3f, ema.shadow().get("w").data[0]);
    }

    @Test
    void rejectsDecayOutsideTheUnitInterval() {
        Parameters p = new Parameters(0);
        p.create("w", Initializer.zeros(), 1);
        assertThrows(IllegalArgumentException.class, () -> new Ema(p).update(1.5));
    }
}
