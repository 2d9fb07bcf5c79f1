package io.ardm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.nn.arch.Transformer;
import io.ardm.nn.arch.TransformerConfig;
import io.ardm.tensor.Gemm;
import io.ardm.tensor.Parallel;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MuonTest {
    private static final float A = 3.4445f, B = -4.7750f, C = 2.0315f;

    /** The Newton–Schulz map on one singular value, five times, as the matrix iteration computes it on a diagonal. */
    private static float scalarIteration(float x) {
        for (int i = 0; i < 5; i++) {
            float gram = x * x;
            float poly = B * gram + C * (gram * gram);
            x = A * x + poly * x;
        }
        return x;
    }

    private static float[] gaussian(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float) random.nextGaussian();
        return values;
    }

    @Test
    void aDiagonalMatrixFollowsTheScalarPolynomialAndItsSingularValuesEndNearOne() {
        float[] s = {3f, 1f, 0.1f};
        float[] g = new float[3 * 5];
        for (int i = 0; i < 3; i++) g[i * 5 + i] = s[i];
        float[] o = Muon.orthogonalise(g, 3, 5);
        float norm = (float) (1 / (Math.sqrt(9 + 1 + 0.01) + 1e-7));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 5; j++) {
                if (i != j) assertEquals(0f, o[i * 5 + j], "off the diagonal stays zero");
            }
            float expected = scalarIteration(s[i] * norm);
            assertEquals(expected, o[i * 5 + i], 1e-5f);
            assertTrue(o[i * 5 + i] > 0.6f && o[i * 5 + i] < 1.25f, "singular value " + s[i] + " → " + o[i * 5 + i]);
        }
    }

    @Test
    void aTallMatrixIsOrthogonalisedAsTheTransposeOfItsWideForm() {
        int rows = 9, cols = 4;
        float[] tall = gaussian(3, rows * cols);
        float[] wide = new float[tall.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) wide[j * rows + i] = tall[i * cols + j];
        float[] fromTall = Muon.orthogonalise(tall, rows, cols);
        float[] fromWide = Muon.orthogonalise(wide, cols, rows);
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) assertEquals(fromWide[j * rows + i], fromTall[i * cols + j]);
    }

    /**
     * The Gram matrix XXᵀ and its square are computed from the diagonal rightwards and mirrored: the same bits as the
     * whole products (shown on rows spanning two full blocks of rows and a short one).
     */
    @Test
    void theMirroredGramProductsAreTheWholeProductsBits() {
        int rows = 100, cols = 130;
        float[] g = gaussian(9, rows * cols);
        float[] x = g.clone();
        double norm = 0;
        for (float v : x) norm += (double) v * v;
        float inverse = (float) (1 / (Math.sqrt(norm) + 1e-7));
        for (int i = 0; i < x.length; i++) x[i] *= inverse;
        float[] gram = new float[rows * rows], poly = new float[rows * rows], next = new float[x.length];
        for (int it = 0; it < 5; it++) {
            Gemm.gemm(false, true, rows, rows, cols, x, 0, cols, x, 0, cols, gram, 0, rows, false);
            Gemm.gemm(false, false, rows, rows, rows, gram, 0, rows, gram, 0, rows, poly, 0, rows, false);
            for (int i = 0; i < poly.length; i++) poly[i] = B * gram[i] + C * poly[i];
            Gemm.gemm(false, false, rows, cols, rows, poly, 0, rows, x, 0, cols, next, 0, cols, false);
            for (int i = 0; i < x.length; i++) x[i] = A * x[i] + next[i];
        }
        float[] o = Muon.orthogonalise(g, rows, cols);
        for (int i = 0; i < x.length; i++) assertEquals(Float.floatToIntBits(x[i]), Float.floatToIntBits(o[i]), "element " + i);
    }

    @Test
    void aRandomMatrixComesOutNearlyOrthonormalInItsRows() {
        int rows = 16, cols = 48;
        float[] g = gaussian(7, rows * cols);
        float[] o = Muon.orthogonalise(g, rows, cols);
        // Rows of a Gaussian matrix are nearly orthogonal already but their norms vary; after Muon every row has a norm
        // near 1 (the quintic leaves singular values in about 0.7..1.2), where the input's rows had norms near √48 / ‖G‖.
        for (int i = 0; i < rows; i++) {
            double rowNorm = 0;
            for (int j = 0; j < cols; j++) rowNorm += (double) o[i * cols + j] * o[i * cols + j];
            assertTrue(rowNorm > 0.5 && rowNorm < 1.44, "row " + i + ": squared norm " + rowNorm);
        }
    }

    @Test
    void theTransformerNamesItsBlockMatricesAndMuonStepsOnlyThose() {
        Transformer transformer = new Transformer(new TransformerConfig(2, 8, 2, 16, 5, 4, 6, 0f, false, false, true), 1);
        Map<String, Integer> matrices = transformer.hiddenMatrices();
        assertEquals(Map.of("block0.attn.qkv.weight", 3, "block0.attn.out.weight", 1, "block0.mlp.in.weight", 1, "block0.mlp.out.weight", 1,
                "block1.attn.qkv.weight", 3, "block1.attn.out.weight", 1, "block1.mlp.in.weight", 1, "block1.mlp.out.weight", 1), matrices);
        for (String name : matrices.keySet()) assertEquals(2, transformer.parameters().get(name).rank(), name + " is a parameter matrix");
        Muon muon = new Muon(matrices);
        assertTrue(muon.steps("block1.mlp.out.weight"));
        assertFalse(muon.steps("block1.mlp.out.bias"));
        assertFalse(muon.steps("embed.tokens"));
        assertFalse(muon.steps("readout.weight"));
        assertThrows(IllegalArgumentException.class, () -> new Muon(Map.of()), "a network without such matrices is refused");
    }

    @Test
    void adamWStepsTheHiddenMatricesAlongMuonAndLeavesTheRestToAdam() {
        Parameters plain = new Parameters(1), hybrid = new Parameters(1);
        for (Parameters p : new Parameters[] {plain, hybrid}) {
            p.create("embed.tokens", Initializer.normal(1.0), 3, 4);
            p.create("block0.attn.qkv.weight", Initializer.normal(0.5), 4, 12);
            p.create("block0.mlp.in.bias", Initializer.normal(0.5), 6);
        }
        SplittableRandom random = new SplittableRandom(5);
        for (String name : plain.names()) {
            float[] g = plain.get(name).grad();
            for (int i = 0; i < g.length; i++) g[i] = (float) random.nextGaussian();
            System.arraycopy(g, 0, hybrid.get(name).grad(), 0, g.length);
        }
        float[] before = hybrid.get("block0.attn.qkv.weight").data.clone();
        float[] grad = hybrid.get("block0.attn.qkv.weight").grad().clone();
        AdamW.Settings settings = new AdamW.Settings(0.9, 0.99, 1e-8, 0.1);
        AdamW adam = new AdamW(plain, settings);
        AdamW withMuon = new AdamW(hybrid, settings, name -> true, new Muon(Map.of("block0.attn.qkv.weight", 3)));
        adam.step(0.01);
        withMuon.step(0.01);
        assertArrayEquals(plain.get("embed.tokens").data, hybrid.get("embed.tokens").data);
        assertArrayEquals(plain.get("block0.mlp.in.bias").data, hybrid.get("block0.mlp.in.bias").data);
        // From zero momentum: m = 0.05·g, the Nesterov mix 0.05·g + 0.95·m; each [4, 4] block of q, k and v alone.
        float[] nesterov = new float[grad.length];
        for (int i = 0; i < grad.length; i++) nesterov[i] = 0.05f * grad[i] + 0.95f * (0.05f * grad[i]);
        float scale = (float) (0.2 * Math.sqrt(4));
        float[] after = hybrid.get("block0.attn.qkv.weight").data;
        for (int b = 0; b < 3; b++) {
            float[] block = new float[16];
            for (int r = 0; r < 4; r++) System.arraycopy(nesterov, r * 12 + b * 4, block, r * 4, 4);
            float[] o = Muon.orthogonalise(block, 4, 4);
            for (int r = 0; r < 4; r++) {
                for (int j = 0; j < 4; j++) {
                    int at = r * 12 + b * 4 + j;
                    assertEquals(before[at] - 0.01f * (scale * o[r * 4 + j] + 0.1f * before[at]), after[at], 1e-7f);
                }
            }
        }
        float[] nu = withMuon.state().moments().get("nu/block0.attn.qkv.weight").data;
        for (float v : nu) assertEquals(0f, v, "a Muon matrix keeps no second moment");
    }

    @Test
    void aRateRatioScalesMuonsStepAndNothingElse() {
        Map<String, Integer> one = Map.of("w", 1);
        float[] g = gaussian(11, 6 * 10);
        float[] p1 = gaussian(12, 6 * 10), p2 = p1.clone();
        float[] mu1 = new float[g.length], mu2 = new float[g.length];
        new Muon(one, Muon.MOMENTUM, 2.5).step(List.of(new Muon.Matrix("w", p1, g, mu1, 6, 10, 0.1f)), 0.004f);
        new Muon(one).step(List.of(new Muon.Matrix("w", p2, g, mu2, 6, 10, 0.1f)), 2.5f * 0.004f);
        assertArrayEquals(p2, p1, "ratio 2.5 at AdamW's 0.004 is Muon at 0.01");
        assertArrayEquals(mu2, mu1, "the momentum does not depend on the rate");
    }

    /** One Muon step as the first version computed it: every buffer fresh, the whole Nesterov matrix first. */
    private static void referenceStep(float[] p, float[] g, float[] mu, int rows, int cols, int blocks, float lr, float wd) {
        float[] nesterov = new float[p.length];
        float beta = 0.95f;
        for (int i = 0; i < p.length; i++) {
            mu[i] = (1 - beta) * g[i] + beta * mu[i];
            nesterov[i] = (1 - beta) * g[i] + beta * mu[i];
        }
        int width = cols / blocks;
        float scale = (float) (0.2 * Math.sqrt(Math.max(rows, width)));
        for (int b = 0; b < blocks; b++) {
            float[] block = new float[rows * width];
            for (int r = 0; r < rows; r++) System.arraycopy(nesterov, r * cols + b * width, block, r * width, width);
            float[] o = Muon.orthogonalise(block, rows, width);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < width; j++) p[r * cols + b * width + j] -= lr * (scale * o[r * width + j] + wd * p[r * cols + b * width + j]);
            }
        }
    }

    @Test
    void reusedBuffersOnOneOrTwoThreadsGiveTheSameBitsAsFreshOnes() {
        // q/k/v blocks and the output matrix share one [4, 4] shape; the tall [8, 4] matrix writes its result back into
        // its input buffer; on two threads each half of the list is stepped by one thread with its own buffers.
        String[] names = {"qkv", "out", "in", "down", "qkv1", "out1"};
        int[][] shapes = {{4, 12, 3}, {4, 4, 1}, {4, 8, 1}, {8, 4, 1}, {4, 12, 3}, {4, 4, 1}};
        Map<String, Integer> blocks = new java.util.HashMap<>();
        for (int i = 0; i < names.length; i++) blocks.put(names[i], shapes[i][2]);
        int before = Parallel.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                Muon muon = new Muon(blocks);
                float[][] p = new float[names.length][], mu = new float[names.length][], expected = new float[names.length][], expectedMu = new float[names.length][];
                for (int i = 0; i < names.length; i++) {
                    p[i] = gaussian(100 + i, shapes[i][0] * shapes[i][1]);
                    expected[i] = p[i].clone();
                    mu[i] = new float[p[i].length];
                    expectedMu[i] = new float[p[i].length];
                }
                for (int step = 0; step < 3; step++) {
                    List<Muon.Matrix> matrices = new java.util.ArrayList<>();
                    for (int i = 0; i < names.length; i++) {
                        float[] g = gaussian(1000 * step + i, p[i].length);
                        matrices.add(new Muon.Matrix(names[i], p[i], g, mu[i], shapes[i][0], shapes[i][1], 0.1f));
                        referenceStep(expected[i], g, expectedMu[i], shapes[i][0], shapes[i][1], shapes[i][2], 0.01f, 0.1f);
                    }
                    muon.step(matrices, 0.01f);
                }
                for (int i = 0; i < names.length; i++) {
                    assertArrayEquals(expected[i], p[i], names[i] + " on " + threads + " threads");
                    assertArrayEquals(expectedMu[i], mu[i], names[i] + " on " + threads + " threads");
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
        Muon muon = new Muon(blocks);
        assertThrows(IllegalArgumentException.class, () -> muon.step(List.of(new Muon.Matrix("bias", new float[4], new float[4], new float[4], 1, 4, 0f)), 0.01f));
        assertThrows(IllegalArgumentException.class, () -> new Muon(Map.of("w", 0)));
    }
}
