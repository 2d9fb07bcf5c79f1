package io.ardm.tensor.op;

import static io.ardm.tensor.GradCheck.randomize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DropoutTest {
    @Test
    void isTheIdentityOutsideTraining() {
        Tensor x = randomize(Tensor.parameter(4, 5), 1, 1f);
        assertSame(x, Dropout.apply(Tape.inference(), x, 0.5f, new SplittableRandom(1)));
        assertSame(x, Dropout.apply(Tape.recordingEval(), x, 0.5f, new SplittableRandom(1)));
        assertSame(x, Dropout.apply(Tape.training(), x, 0f, new SplittableRandom(1)));
    }

    @Test
    void survivorsAreScaledAndTheGradientFollowsTheSameMask() {
        float p = 0.3f;
        Tensor x = randomize(Tensor.parameter(50, 40), 2, 1f);
        for (int i = 0; i < x.size(); i++) if (x.data[i] == 0f) x.data[i] = 1f;
        Tape tape = Tape.training();
        Tensor y = Dropout.apply(tape, x, p, new SplittableRandom(3));
        float[] dy = randomize(Tensor.zeros(x.shape()), 4, 1f).data;
        tape.backward(y, dy);
        float keptScale = 1f / (1f - p);
        int kept = 0;
        for (int i = 0; i < x.size(); i++) {
            boolean keep = y.data[i] != 0f;
            if (keep) kept++;
            assertEquals(keep ? x.data[i] * keptScale : 0f, y.data[i], "y " + i);
            assertEquals(keep ? dy[i] * keptScale : 0f, x.grad()[i], "dx " + i);
        }
        assertFalse(kept == 0 || kept == x.size(), "the mask must drop some and keep some");
    }

    @Test
    void keepRateIsOneMinusP() {
        int n = 200_000;
        for (float p : new float[] {0.1f, 0.5f, 0.9f}) {
            Tensor x = Tensor.zeros(n);
            java.util.Arrays.fill(x.data, 1f);
            Tensor y = Dropout.apply(Tape.training(), x, p, new SplittableRandom(5));
            int kept = 0;
            for (float v : y.data) if (v != 0f) kept++;
            double sigma = Math.sqrt(p * (1 - p) / n);
            assertEquals(1 - p, (double) kept / n, 5 * sigma, "keep rate at p = " + p);
        }
    }

    @Test
    void theSeedDeterminesTheMask() {
        Tensor x = randomize(Tensor.zeros(1000), 6, 1f);
        float[] a = Dropout.apply(Tape.training(), x, 0.5f, new SplittableRandom(7)).data;
        float[] b = Dropout.apply(Tape.training(), x, 0.5f, new SplittableRandom(7)).data;
        float[] c = Dropout.apply(Tape.training(), x, 0.5f, new SplittableRandom(8)).data;
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void rateOutsideZeroToOneIsRejected() {
        Tensor x = Tensor.zeros(3);
        for (float p : new float[] {-0.1f, 1f, Float.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> Dropout.apply(Tape.training(), x, p, new SplittableRandom(1)));
        }
    }
}
