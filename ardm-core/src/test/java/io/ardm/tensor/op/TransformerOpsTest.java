package io.ardm.tensor.op;

import static io.ardm.tensor.GradCheck.check;
import static io.ardm.tensor.GradCheck.randomize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Gradient checks and naive-reference forward checks for the ops a transformer is built from. */
class TransformerOpsTest {
    @Test
    void matmulGradients() {
        Tensor x = randomize(Tensor.parameter(2, 3, 5), 1, 1f);
        Tensor w = randomize(Tensor.parameter(5, 4), 2, 1f);
        Tensor b = randomize(Tensor.parameter(4), 3, 1f);
        check("matmul", tape -> MatMul.apply(tape, x, w, b), x, w, b);
        check("matmul-nobias", tape -> MatMul.apply(tape, x, w, null), x, w);
    }

    @Test
    void matmulForwardMatchesNaiveSum() {
        Tensor x = randomize(Tensor.parameter(3, 5), 4, 1f);
        Tensor w = randomize(Tensor.parameter(5, 2), 5, 1f);
        Tensor b = randomize(Tensor.parameter(2), 6, 1f);
        Tensor y = MatMul.apply(Tape.inference(), x, w, b);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                double s = b.data[j];
                for (int p = 0; p < 5; p++) s += (double) x.data[i * 5 + p] * w.data[p * 2 + j];
                assertEquals(s, y.data[i * 2 + j], 1e-5);
            }
        }
    }

    @Test
    void addAndMulGradientsWithBroadcast() {
        Tensor a = randomize(Tensor.parameter(2, 3, 4), 7, 1f);
        Tensor full = randomize(Tensor.parameter(2, 3, 4), 8, 1f);
        Tensor row = randomize(Tensor.parameter(3, 4), 9, 1f);
        check("add", tape -> Add.apply(tape, a, full), a, full);
        check("add-broadcast", tape -> Add.apply(tape, a, row), a, row);
        check("mul", tape -> Mul.apply(tape, a, full), a, full);
        check("mul-broadcast", tape -> Mul.apply(tape, a, row), a, row);
        assertThrows(IllegalArgumentException.class, () -> Add.apply(Tape.inference(), a, Tensor.zeros(5)));
    }

    @Test
    void embeddingGradientsAccumulateRepeatedIds() {
        Tensor table = randomize(Tensor.parameter(6, 3), 10, 1f);
        int[] ids = {0, 5, 2, 5, 5, 1};
        check("embedding", tape -> Embedding.apply(tape, table, ids, 2, 3), table);
        assertThrows(IllegalArgumentException.class, () -> Embedding.apply(Tape.inference(), table, new int[] {6}, 1));
    }

    @Test
    void layerNormGradientsAndValues() {
        Tensor x = randomize(Tensor.parameter(4, 8), 11, 2f);
        Tensor g = randomize(Tensor.parameter(8), 12, 1f);
        Tensor b = randomize(Tensor.parameter(8), 13, 1f);
        check("layernorm", tape -> LayerNorm.apply(tape, x, g, b, 1e-5f), x, g, b);
        Tensor y = LayerNorm.apply(Tape.inference(), x, g, b, 1e-5f);
        for (int r = 0; r < 4; r++) {
            double mean = 0, var = 0;
            for (int j = 0; j < 8; j++) mean += x.data[r * 8 + j] / 8.0;
            for (int j = 0; j < 8; j++) var += Math.pow(x.data[r * 8 + j] - mean, 2) / 8.0;
            for (int j = 0; j < 8; j++) {
                double want = (x.data[r * 8 + j] - mean) / Math.sqrt(var + 1e-5) * g.data[j] + b.data[j];
                assertEquals(want, y.data[r * 8 + j], 1e-5);
            }
        }
    }

    @Test
    void layerNormOfABatchIsEachRowNormalisedAlone() {
        // 7 rows: the first four take the four-row statistics, the last three the single-row ones; both must give every
        // row the bits it gets alone (one row, the single-row path).
        int rows = 7, d = 37;
        Tensor x = randomize(Tensor.zeros(rows, d), 21, 3f);
        Tensor g = randomize(Tensor.zeros(d), 22, 1f);
        Tensor b = randomize(Tensor.zeros(d), 23, 1f);
        Tensor batch = LayerNorm.apply(Tape.inference(), x, g, b, LayerNorm.DEFAULT_EPS);
        for (int r = 0; r < rows; r++) {
            Tensor row = Tensor.of(Arrays.copyOfRange(x.data, r * d, (r + 1) * d), 1, d);
            float[] alone = LayerNorm.apply(Tape.inference(), row, g, b, LayerNorm.DEFAULT_EPS).data;
            assertArrayEquals(alone, Arrays.copyOfRange(batch.data, r * d, (r + 1) * d), "row " + r);
        }
    }

    @Test
    void softmaxFamilyGradients() {
        Tensor x = randomize(Tensor.parameter(3, 6), 14, 3f);
        check("softmax", tape -> Softmax.apply(tape, x), x);
        check("logsoftmax", tape -> LogSoftmax.apply(tape, x), x);
        Tensor p = Softmax.apply(Tape.inference(), x);
        Tensor lp = LogSoftmax.apply(Tape.inference(), x);
        for (int i = 0; i < p.size(); i++) assertEquals(Math.log(p.data[i]), lp.data[i], 1e-5);
    }

    /** With the cut, scores more than 64·ln 2 below a row's maximum weigh exactly 0, so no product reads or makes subnormal floats. */
    @Test
    void softmaxRowsCutNegligibleScoresAndHoldNoSubnormals() {
        int k = 40;
        float[] scores = new float[k];
        for (int j = 0; j < k; j++) scores[j] = -3f * j; // 0 down to -117
        float[] p = new float[k];
        float[] uncut = new float[k];
        Softmax.rowForward(scores, 0, uncut, 0, k, 1f, false); // models coded before the cut keep their arithmetic
        assertEquals(Math.exp(-60.0) * (1 - Math.exp(-3.0)), uncut[20], Math.exp(-60.0) * 1e-4);
        Softmax.rowForward(scores, 0, p, 0, k, 1f, true);
        double sum = 0;
        for (int j = 0; j <= 14; j++) sum += Math.exp(-3.0 * j);
        for (int j = 0; j < k; j++) {
            if (j <= 14) assertEquals(Math.exp(-3.0 * j) / sum, p[j], Math.exp(-3.0 * j) * 1e-5, "probability " + j); // 3·14 < 44.36
            else assertEquals(0f, p[j], "probability " + j + " is under 2^-64 of the largest");
        }
        float[] dy = new float[k];
        Arrays.fill(dy, 1e-3f);
        dy[0] = 1f;
        float[] dx = new float[k];
        Softmax.rowBackward(p, 0, dy, 0, dx, 0, k, 1e-20f); // p[14] ≈ 5.7e-19: its term ≈ 5.7e-42 is subnormal
        for (int j = 0; j < k; j++) {
            float a = Math.abs(dx[j]);
            assertEquals(true, a == 0f || a >= Float.MIN_NORMAL, "gradient " + j + " = " + dx[j]);
        }
        assertEquals(true, p[14] > 0f && dx[14] == 0f, "a subnormal term is dropped");
        assertEquals(1e-20 * p[1] * (1e-3 - (p[0] + 1e-3 * (1 - p[0]))), dx[1], 1e-27, "normal terms kept");
    }

    @Test
    void crossEntropyGradientsAndValue() {
        Tensor logits = randomize(Tensor.parameter(4, 5), 15, 2f);
        int[] targets = {0, 4, 2, 2};
        float[] weights = {1f, 0f, 0.5f, 2f};
        check("cross-entropy", tape -> CrossEntropy.apply(tape, logits, targets, weights), logits);
        Tensor lp = LogSoftmax.apply(Tape.inference(), logits);
        double want = 0;
        for (int i = 0; i < 4; i++) want -= weights[i] * lp.data[i * 5 + targets[i]];
        assertEquals(want, CrossEntropy.apply(Tape.inference(), logits, targets, weights).item(), 1e-5);
    }

    @Test
    void attentionGradients() {
        Tensor qkv = randomize(Tensor.parameter(2, 5, 3 * 4), 16, 1f);
        check("attention", tape -> Attention.apply(tape, qkv, 2), qkv);
    }

    @Test
    void attentionMatchesNaiveDoublePrecision() {
        int b = 2, t = 4, heads = 2, d = 6, dh = 3;
        Tensor qkv = randomize(Tensor.parameter(b, t, 3 * d), 17, 1f);
        Tensor out = Attention.apply(Tape.inference(), qkv, heads);
        for (int bi = 0; bi < b; bi++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < t; i++) {
                    double[] s = new double[t];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < t; j++) {
                        for (int c = 0; c < dh; c++) {
                            s[j] += (double) qkv.data[(bi * t + i) * 3 * d + h * dh + c] * qkv.data[(bi * t + j) * 3 * d + d + h * dh + c];
                        }
                        s[j] /= Math.sqrt(dh);
                        max = Math.max(max, s[j]);
                    }
                    double z = 0;
                    for (int j = 0; j < t; j++) z += Math.exp(s[j] - max);
                    for (int c = 0; c < dh; c++) {
                        double o = 0;
                        for (int j = 0; j < t; j++) o += Math.exp(s[j] - max) / z * qkv.data[(bi * t + j) * 3 * d + 2 * d + h * dh + c];
                        assertEquals(o, out.data[(bi * t + i) * d + h * dh + c], 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void alibiAttentionGradientsAndLocality() {
        Tensor qkv = randomize(Tensor.parameter(1, 6, 3 * 4), 19, 1f);
        check("alibi attention", tape -> Attention.apply(tape, qkv, 2, false, true, false), qkv);
        // with identical keys the scores tie, so the bias alone decides: weights fall off with distance
        Tensor same = Tensor.zeros(1, 6, 3 * 2);
        for (int i = 0; i < 6; i++) same.data[i * 6 + 4] = i; // values: position index, head 0 (1 head, dh 2)
        Tensor out = Attention.apply(Tape.inference(), same, 1, false, true, false);
        float slope = Attention.alibiSlope(0, 1);
        double z = 0, want = 0;
        for (int j = 0; j < 6; j++) z += Math.exp(-slope * j);
        for (int j = 0; j < 6; j++) want += j * Math.exp(-slope * j) / z;
        assertEquals(want, out.data[0], 1e-5, "query 0 averages the values with weights exp(-m·j)");
    }

    @Test
    void causalAttentionGradientsAndNoLookAhead() {
        Tensor qkv = randomize(Tensor.parameter(2, 5, 3 * 4), 18, 1f);
        check("causal attention", tape -> Attention.apply(tape, qkv, 2, true, false, true), qkv);
        float[] before = Attention.apply(Tape.inference(), qkv, 2, true, false, true).data.clone();
        int last = 4; // changing the last position's keys and values must not move any earlier output
        for (int c = 0; c < 12; c++) qkv.data[last * 12 + c] += 1f;
        float[] after = Attention.apply(Tape.inference(), qkv, 2, true, false, true).data;
        for (int i = 0; i < 4 * 4; i++) assertEquals(before[i], after[i], 0f, "output " + i);
        boolean lastMoved = false;
        for (int i = 4 * 4; i < 5 * 4; i++) lastMoved |= before[i] != after[i];
        assertEquals(true, lastMoved);
    }
}
