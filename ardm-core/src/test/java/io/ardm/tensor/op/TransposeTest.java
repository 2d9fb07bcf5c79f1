package io.ardm.tensor.op;

import static io.ardm.tensor.GradCheck.check;
import static io.ardm.tensor.GradCheck.randomize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TransposeTest {
    /** General permutations, and those that move a block of trailing axes before the rest (the tiled path). */
    @Test
    void everyPermutationMovesEveryElement() {
        int[] in = {2, 3, 4, 5};
        int[][] perms = {{2, 0, 3, 1}, {0, 3, 1, 2}, {0, 2, 3, 1}, {1, 2, 3, 0}, {3, 0, 1, 2}, {2, 3, 0, 1}, {0, 1, 3, 2}, {0, 1, 2, 3}};
        Tensor x = randomize(Tensor.zeros(in), 1, 1f);
        for (int[] perm : perms) {
            Tensor y = Transpose.apply(Tape.inference(), x, perm);
            int[] out = {in[perm[0]], in[perm[1]], in[perm[2]], in[perm[3]]};
            assertArrayEquals(out, y.shape());
            int[] idx = new int[4];
            for (idx[0] = 0; idx[0] < 2; idx[0]++)
                for (idx[1] = 0; idx[1] < 3; idx[1]++)
                    for (idx[2] = 0; idx[2] < 4; idx[2]++)
                        for (idx[3] = 0; idx[3] < 5; idx[3]++) {
                            int[] o = {idx[perm[0]], idx[perm[1]], idx[perm[2]], idx[perm[3]]};
                            float expected = x.data[((idx[0] * 3 + idx[1]) * 4 + idx[2]) * 5 + idx[3]];
                            assertEquals(expected, y.data[((o[0] * out[1] + o[1]) * out[2] + o[2]) * out[3] + o[3]], java.util.Arrays.toString(perm));
                        }
        }
    }

    @Test
    void swappingTheLastTwoAxesTransposesEachMatrix() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 2, 3);
        Tensor y = Transpose.swap(Tape.inference(), x, -1, 1);
        assertArrayEquals(new int[] {2, 3, 2}, y.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6, 7, 10, 8, 11, 9, 12}, y.data);
        assertArrayEquals(x.data, Transpose.swap(Tape.inference(), y, 1, 2).data);
    }

    @Test
    void tiledSwapOfTheLastTwoAxesCrossesTileEdges() {
        int batches = 3, rows = 19, cols = 37; // neither a multiple of the 8 × 16 tiles
        Tensor x = randomize(Tensor.zeros(batches, rows, cols), 3, 1f);
        Tensor y = Transpose.swap(Tape.inference(), x, 1, 2);
        assertArrayEquals(new int[] {batches, cols, rows}, y.shape());
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    assertEquals(x.data[(b * rows + i) * cols + j], y.data[(b * cols + j) * rows + i], "b " + b + " i " + i + " j " + j);
                }
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor x = randomize(Tensor.parameter(2, 3, 4), 2, 1f);
        check("transpose", tape -> Transpose.apply(tape, x, 1, 2, 0), x);
        check("swap", tape -> Transpose.swap(tape, x, 0, 2), x);
        Tensor wide = randomize(Tensor.parameter(2, 9, 17), 4, 1f);
        check("tiled swap", tape -> Transpose.swap(tape, wide, 1, 2), wide);
        Tensor four = randomize(Tensor.parameter(2, 3, 2, 5), 5, 1f);
        check("block swap", tape -> Transpose.apply(tape, four, 0, 3, 1, 2), four);
    }

    @Test
    void badPermutationsAreRejected() {
        Tape tape = Tape.inference();
        Tensor x = Tensor.zeros(2, 3, 4);
        assertThrows(IllegalArgumentException.class, () -> Transpose.apply(tape, x, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Transpose.apply(tape, x, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Transpose.apply(tape, x, 0, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> Transpose.swap(tape, x, 0, 3));
    }
}
