package io.ardm.tensor.op;

import static io.ardm.tensor.GradCheck.check;
import static io.ardm.tensor.GradCheck.randomize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowsTest {
    private static final int[] ROWS = {0, 3, 4, 9};

    @Test
    void gatherTakesRowsAndScatterPutsThemBackAmongZeros() {
        Tensor x = randomize(Tensor.zeros(2, 5, 3), 1, 1f);
        Tensor some = Rows.gather(Tape.inference(), x, ROWS);
        assertArrayEquals(new int[] {4, 3}, some.shape());
        for (int r = 0; r < ROWS.length; r++) {
            for (int c = 0; c < 3; c++) assertEquals(x.data[ROWS[r] * 3 + c], some.data[r * 3 + c]);
        }
        Tensor back = Rows.scatter(Tape.inference(), some, ROWS, 10);
        assertArrayEquals(new int[] {10, 3}, back.shape());
        for (int row = 0; row < 10; row++) {
            boolean taken = java.util.Arrays.binarySearch(ROWS, row) >= 0;
            for (int c = 0; c < 3; c++) assertEquals(taken ? x.data[row * 3 + c] : 0f, back.data[row * 3 + c]);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor x = randomize(Tensor.parameter(10, 3), 2, 1f);
        Tensor y = randomize(Tensor.parameter(4, 3), 3, 1f);
        check("gather", tape -> Rows.gather(tape, x, ROWS), x);
        check("scatter", tape -> Rows.scatter(tape, y, ROWS, 10), y);
    }

    @Test
    void rowsMustAscendWithinTheMatrix() {
        Tensor x = Tensor.zeros(10, 3);
        assertThrows(IllegalArgumentException.class, () -> Rows.gather(Tape.inference(), x, new int[] {3, 3}));
        assertThrows(IllegalArgumentException.class, () -> Rows.gather(Tape.inference(), x, new int[] {4, 2}));
        assertThrows(IllegalArgumentException.class, () -> Rows.gather(Tape.inference(), x, new int[] {10}));
        assertThrows(IllegalArgumentException.class, () -> Rows.scatter(Tape.inference(), Tensor.zeros(2, 3), new int[] {1}, 10));
    }

    /**
     * Attention for some query rows is the same bits as those rows of the whole output, and so is the gradient it passes
     * back to queries, keys and values when the other rows' outputs have none (equal as floats: a whole call adds exact
     * zeros for them, which can only turn a −0 into +0).
     */
    @Test
    void attentionOfSomeRowsIsThoseRowsOfTheWholeOutputAndGradient() {
        int batch = 3, t = 7, heads = 2, d = 8;
        int[] rows = {1, 2, 5, 7, 8, 9, 10, 11, 12, 13, 20}; // item 1 whole, item 2 one query, item 0 three
        for (boolean[] flags : new boolean[][] {{false, false}, {true, false}, {false, true}}) {
            boolean causal = flags[0], alibi = flags[1];
            Tensor qkv = randomize(Tensor.parameter(batch, t, 3 * d), 4, 1.5f);
            Tape whole = Tape.training();
            Tensor all = Attention.apply(whole, qkv, heads, causal, alibi, true);
            float[] seed = new float[all.size()];
            SplittableRandom r = new SplittableRandom(5);
            for (int row : rows) for (int c = 0; c < d; c++) seed[row * d + c] = (float) r.nextGaussian();
            whole.backward(all, seed);
            float[] wholeGradient = qkv.grad().clone();

            qkv.zeroGrad();
            Tape some = Tape.training();
            Tensor part = Attention.apply(some, qkv, heads, causal, alibi, true, rows);
            assertArrayEquals(new int[] {rows.length, d}, part.shape());
            float[] partSeed = new float[part.size()];
            for (int i = 0; i < rows.length; i++) {
                for (int c = 0; c < d; c++) {
                    assertEquals(Float.floatToIntBits(all.data[rows[i] * d + c]), Float.floatToIntBits(part.data[i * d + c]),
                            "row " + rows[i] + " causal " + causal + " alibi " + alibi);
                    partSeed[i * d + c] = seed[rows[i] * d + c];
                }
            }
            some.backward(part, partSeed);
            for (int i = 0; i < wholeGradient.length; i++) assertEquals(wholeGradient[i], qkv.grad()[i], 0f, "gradient " + i);
        }
    }
}
