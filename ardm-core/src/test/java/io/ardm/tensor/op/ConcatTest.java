package io.ardm.tensor.op;

import static io.ardm.tensor.GradCheck.check;
import static io.ardm.tensor.GradCheck.randomize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ConcatTest {
    @Test
    void joinsAlongEachAxis() {
        Tensor a = randomize(Tensor.zeros(2, 3, 4), 1, 1f);
        for (int axis = 0; axis < 3; axis++) {
            int[] shapeB = {2, 3, 4};
            shapeB[axis] = 5;
            Tensor b = randomize(Tensor.zeros(shapeB), 2, 1f);
            Tensor y = Concat.apply(Tape.inference(), axis - 3, a, b); // negative axis form
            int[] expectedShape = {2, 3, 4};
            expectedShape[axis] += 5;
            assertArrayEquals(expectedShape, y.shape());
            for (int i = 0; i < expectedShape[0]; i++)
                for (int j = 0; j < expectedShape[1]; j++)
                    for (int k = 0; k < expectedShape[2]; k++) {
                        int[] idx = {i, j, k};
                        Tensor src = idx[axis] < a.dim(axis) ? a : b;
                        int[] local = idx.clone();
                        if (src == b) local[axis] -= a.dim(axis);
                        float expected = src.data[(local[0] * src.dim(1) + local[1]) * src.dim(2) + local[2]];
                        assertEquals(expected, y.data[(i * expectedShape[1] + j) * expectedShape[2] + k]);
                    }
        }
    }

    @Test
    void channelsOfAChannelsFirstImageFollowEachOther() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 1, 2, 2);
        Tensor c = Tensor.of(new float[] {-1, -2, -3, -4, -5, -6, -7, -8}, 2, 1, 2, 2);
        assertArrayEquals(new float[] {1, 2, 3, 4, -1, -2, -3, -4, 5, 6, 7, 8, -5, -6, -7, -8},
                Concat.apply(Tape.inference(), 1, a, c).data);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor a = randomize(Tensor.parameter(2, 3, 2), 3, 1f);
        Tensor b = randomize(Tensor.parameter(2, 1, 2), 4, 1f);
        Tensor c = randomize(Tensor.parameter(2, 2, 2), 5, 1f);
        check("concat", tape -> Concat.apply(tape, 1, a, b, c), a, b, c);
    }

    @Test
    void badArgumentsAreRejected() {
        Tape tape = Tape.inference();
        assertThrows(IllegalArgumentException.class, () -> Concat.apply(tape, 0));
        assertThrows(IllegalArgumentException.class, () -> Concat.apply(tape, 3, Tensor.zeros(2, 3), Tensor.zeros(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> Concat.apply(tape, 0, Tensor.zeros(2, 3), Tensor.zeros(2, 3, 1)));
        assertThrows(IllegalArgumentException.class, () -> Concat.apply(tape, 1, Tensor.zeros(2, 1, 2, 2), Tensor.zeros(2, 1, 1, 2)));
    }
}
