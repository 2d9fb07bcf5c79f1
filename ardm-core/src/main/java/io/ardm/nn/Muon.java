package io.ardm.nn;

import io.ardm.tensor.Gemm;
import io.ardm.tensor.Tensor;

/**
 * Muon (Jordan et al. 2024; Liu et al. 2025, "Muon is scalable"): a hidden weight matrix steps along the orthogonalised
 * Nesterov momentum of its gradient instead of Adam's per-element ratio. The momentum {@code m = β·m + (1−β)·g} is
 * mixed with the gradient ({@code (1−β)·g + β·m}), its singular values are pushed towards 1 by five Newton–Schulz
 * iterations, and the result is scaled by {@code 0.2·√max(rows, columns)} so that its RMS matches a typical Adam
 * update: the same learning rate and decoupled weight decay serve both.
 *
 * <p>Only the transformer blocks' dense matrices take this update ({@link #appliesTo}); embeddings, the read-out,
 * biases and norm scales keep AdamW, as in the papers. A fused query/key/value matrix is orthogonalised as its three
 * [d, d] blocks. Everything is float32 with {@link Gemm}'s fixed chains and sums in a fixed order, so the update
 * is the same bits on every machine.
 */
public final class Muon {
    /** Keller Jordan's quintic coefficients: fast growth of small singular values, a band around 1 after five steps. */
    private static final float A = 3.4445f, B = -4.7750f, C = 2.0315f;
    private static final int ITERATIONS = 5;
    private static final double RMS_MATCH = 0.2;

    private final float momentum;

    public Muon(double momentum) {
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        this.momentum = (float) momentum;
    }

    /** Whether a parameter is one of the hidden matrices Muon updates: a transformer block's dense weight. */
    public static boolean appliesTo(String name, Tensor parameter) {
        return parameter.rank() == 2 && name.startsWith("block") && name.endsWith(".weight")
                && (name.contains(".attn.") || name.contains(".mlp."));
    }

    /**
     * One update of a [rows, cols] matrix {@code p} from its gradient {@code g}; {@code mu} is its momentum.
     * The update is {@code p ← p − lr·(scale·orthogonalise(nesterov) + wd·p)}.
     */
    public void step(String name, float[] p, float[] g, float[] mu, int rows, int cols, float lr, float wd) {
        float[] nesterov = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            mu[i] = (1 - momentum) * g[i] + momentum * mu[i];
            nesterov[i] = (1 - momentum) * g[i] + momentum * mu[i];
        }
        int blocks = name.endsWith(".attn.qkv.weight") && cols % 3 == 0 ? 3 : 1;
        int width = cols / blocks;
        float scale = (float) (RMS_MATCH * Math.sqrt(Math.max(rows, width)));
        float[] block = new float[rows * width];
        for (int b = 0; b < blocks; b++) {
            for (int r = 0; r < rows; r++) System.arraycopy(nesterov, r * cols + b * width, block, r * width, width);
            float[] o = orthogonalise(block, rows, width);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < width; j++) {
                    int at = r * cols + b * width + j;
                    p[at] -= lr * (scale * o[r * width + j] + wd * p[at]);
                }
            }
        }
    }

    /**
     * Five Newton–Schulz iterations {@code X ← a·X + (b·XXᵀ + c·(XXᵀ)²)·X} from {@code X = G/‖G‖_F}, on the wide
     * orientation (rows ≤ columns) so that XXᵀ is the small Gram matrix. Returns a new [rows, cols] array.
     */
    static float[] orthogonalise(float[] g, int rows, int cols) {
        boolean tall = rows > cols;
        int r = tall ? cols : rows, c = tall ? rows : cols;
        float[] x = tall ? transpose(g, rows, cols) : g.clone();
        double norm = 0;
        for (float v : x) norm += (double) v * v;
        float inverse = (float) (1 / (Math.sqrt(norm) + 1e-7));
        for (int i = 0; i < x.length; i++) x[i] *= inverse;
        float[] gram = new float[r * r], poly = new float[r * r], next = new float[r * c];
        for (int it = 0; it < ITERATIONS; it++) {
            Gemm.gemm(false, true, r, r, c, x, 0, c, x, 0, c, gram, 0, r, false);
            Gemm.gemm(false, false, r, r, r, gram, 0, r, gram, 0, r, poly, 0, r, false);
            for (int i = 0; i < poly.length; i++) poly[i] = B * gram[i] + C * poly[i];
            Gemm.gemm(false, false, r, c, r, poly, 0, r, x, 0, c, next, 0, c, false);
            for (int i = 0; i < x.length; i++) x[i] = A * x[i] + next[i];
        }
        return tall ? transpose(x, r, c) : x;
    }

    private static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = m[i * cols + j];
        return t;
    }
}
