package io.ardm.tensor.op;

import static io.ardm.tensor.GradCheck.check;
import static io.ardm.tensor.GradCheck.randomize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SliceTest {
    @Test
    void takesARangeOfEachAxis() {
        Tensor x = randomize(Tensor.zeros(4, 5, 6), 1, 1f);
        int[][] ranges = {{1, 3}, {2, 5}, {0, 4}};
        for (int axis = 0; axis < 3; axis++) {
            int from = ranges[axis][0], to = ranges[axis][1];
            Tensor y = Slice.apply(Tape.inference(), x, axis, from, to);
            int[] shape = {4, 5, 6};
            shape[axis] = to - from;
            assertArrayEquals(shape, y.shape());
            for (int i = 0; i < shape[0]; i++)
                for (int j = 0; j < shape[1]; j++)
                    for (int k = 0; k < shape[2]; k++) {
                        int[] src = {i, j, k};
                        src[axis] += from;
                        assertEquals(x.data[(src[0] * 5 + src[1]) * 6 + src[2]], y.data[(i * shape[1] + j) * shape[2] + k]);
                    }
        }
    }

    @Test
    void slicesUndoAConcat() {
        Tensor a = randomize(Tensor.zeros(2, 3, 4, 4), 2, 1f);
        Tensor b = randomize(Tensor.zeros(2, 5, 4, 4), 3, 1f);
        Tensor joined = Concat.apply(Tape.inference(), 1, a, b);
        assertArrayEquals(a.data, Slice.apply(Tape.inference(), joined, 1, 0, 3).data);
        assertArrayEquals(b.data, Slice.apply(Tape.inference(), joined, -3, 3, 8).data);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor x = randomize(Tensor.parameter(3, 6, 2), 4, 1f);
        check("slice", tape -> Slice.apply(tape, x, 1, 2, 5), x);
        check("slice last axis", tape -> Slice.apply(tape, x, -1, 1, 2), x);
    }

    @Test
    void badRangesAreRejected() {
        Tape tape = Tape.inference();
        Tensor x = Tensor.zeros(3, 4);
        assertThrows(IllegalArgumentException.class, () -> Slice.apply(tape, x, 1, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> Slice.apply(tape, x, 1, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> Slice.apply(tape, x, 1, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> Slice.apply(tape, x, 2, 0, 1));
    }
}
