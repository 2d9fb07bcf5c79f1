package io.ardm.tensor.op;

import static io.ardm.tensor.GradCheck.check;
import static io.ardm.tensor.GradCheck.randomize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RopeTest {
    private static final int HEADS = 2, DH = 8, D = HEADS * DH, T = 7;

    @Test
    void scoresDependOnlyOnTheDistanceBetweenQueryAndKey() {
        // The same query and key vectors at every position: q_i·k_j must then depend on i − j alone.
        Tensor qkv = Tensor.zeros(1, T, 3 * D);
        float[] row = randomize(Tensor.zeros(3 * D), 3, 1f).data;
        for (int p = 0; p < T; p++) System.arraycopy(row, 0, qkv.data, p * 3 * D, 3 * D);
        Tensor rotated = Rope.apply(Tape.inference(), qkv, HEADS, Rope.Table.of(T, DH));
        for (int h = 0; h < HEADS; h++) {
            for (int distance = -3; distance <= 3; distance++) {
                double first = Double.NaN;
                for (int i = Math.max(0, distance); i < T && i - distance < T; i++) {
                    double score = dot(rotated.data, i * 3 * D + h * DH, (i - distance) * 3 * D + D + h * DH);
                    if (Double.isNaN(first)) first = score;
                    assertEquals(first, score, 1e-4, "head " + h + ", distance " + distance + ", query " + i);
                }
            }
        }
    }

    @Test
    void positionZeroIsUntouchedValuesPassThroughAndNormsAreKept() {
        Tensor qkv = randomize(Tensor.zeros(2, T, 3 * D), 5, 1f);
        Tensor rotated = Rope.apply(Tape.inference(), qkv, HEADS, Rope.Table.of(T, DH));
        for (int b = 0; b < 2; b++) {
            int first = b * T * 3 * D;
            assertArrayEquals(Arrays.copyOfRange(qkv.data, first, first + 3 * D), Arrays.copyOfRange(rotated.data, first, first + 3 * D));
            for (int p = 1; p < T; p++) {
                int off = first + p * 3 * D;
                assertArrayEquals(Arrays.copyOfRange(qkv.data, off + 2 * D, off + 3 * D), Arrays.copyOfRange(rotated.data, off + 2 * D, off + 3 * D));
                for (int block = 0; block < 2 * HEADS; block++) {
                    int s = off + block * DH;
                    assertEquals(dot(qkv.data, s, s), dot(rotated.data, s, s), 1e-4, "block " + block + " at " + p);
                }
                assertFalse(Arrays.equals(Arrays.copyOfRange(qkv.data, off, off + 2 * D), Arrays.copyOfRange(rotated.data, off, off + 2 * D)),
                        "queries and keys at position " + p + " rotated");
            }
        }
    }

    @Test
    void oneRowRotatedInPlaceEqualsItsRowOfTheWholeSequence() {
        Tensor qkv = randomize(Tensor.zeros(1, T, 3 * D), 6, 1f);
        Rope.Table table = Rope.Table.of(T, DH);
        Tensor rotated = Rope.apply(Tape.inference(), qkv, HEADS, table);
        for (int p = 0; p < T; p++) {
            float[] row = Arrays.copyOfRange(qkv.data, p * 3 * D, (p + 1) * 3 * D);
            Rope.rotateRow(row, 0, HEADS, p, table);
            assertArrayEquals(Arrays.copyOfRange(rotated.data, p * 3 * D, (p + 1) * 3 * D), row, "position " + p);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor qkv = randomize(Tensor.parameter(2, T, 3 * D), 7, 1f);
        check("rope", tape -> Rope.apply(tape, qkv, HEADS, Rope.Table.of(T, DH)), qkv);
    }

    @Test
    void shapesThatDoNotFitAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Rope.Table.of(T, 7));
        Tensor qkv = Tensor.zeros(1, T + 1, 3 * D);
        assertThrows(IllegalArgumentException.class, () -> Rope.apply(Tape.inference(), qkv, HEADS, Rope.Table.of(T, DH)));
        assertThrows(IllegalArgumentException.class, () -> Rope.apply(Tape.inference(), Tensor.zeros(1, T, 3 * D), 4, Rope.Table.of(T, DH)));
    }

    private static double dot(float[] x, int a, int b) {
        double s = 0;
        for (int i = 0; i < DH; i++) s += (double) x[a + i] * x[b + i];
        return s;
    }
}
