package io.ardm.tensor;

/**
 * A copy of a weight matrix W [k, n] laid out for products with few rows, as a decoder runs them (one row per sequence
 * decoded side by side, the whole matrix read at every position): block after block, each read front to back, where
 * W's own rows lie n floats apart. {@link #multiply} gives the same bits as {@link Gemm#gemm} on W for any number of
 * rows (every kernel runs each FMA chain over p in increasing order). Later changes to W do not reach the copy.
 */
public final class PackedWeights {
    private final int k, n;
    private final float[] blocks;

    private PackedWeights(int k, int n, float[] blocks) {
        this.k = k;
        this.n = n;
        this.blocks = blocks;
    }

    /** W [k, n], row-major. */
    public static PackedWeights of(Tensor w) {
        if (w.rank() != 2) throw new IllegalArgumentException("weights must be a matrix, not " + w);
        return new PackedWeights(w.dim(0), w.dim(1), RowGemm.pack(w.data, w.dim(0), w.dim(1)));
    }

    /** k: the rows of W, the inputs of each product. */
    public int rows() {
        return k;
    }

    /** n: the columns of W, of each product's result. */
    public int columns() {
        return n;
    }

    /** C [m, n] = A·W (+ C when {@code accumulate}), A [m, k] row-major, on the calling thread. */
    public void multiply(int m, float[] a, float[] c, boolean accumulate) {
        if ((long) m * Math.max(k, n) > Integer.MAX_VALUE) throw new IllegalArgumentException(m + " rows are too many");
        if (a.length < m * k) throw new IllegalArgumentException(m + " rows need " + m * k + " inputs, not " + a.length);
        if (c.length < m * n) throw new IllegalArgumentException(m + " rows need " + m * n + " outputs, not " + c.length);
        RowGemm.multiplyPacked(m, n, k, a, 0, k, blocks, c, 0, n, accumulate);
    }
}
