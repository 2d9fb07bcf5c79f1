package io.ardm.tensor;

/**
 * A copy of a weight matrix W [k, n] laid out for products with few rows, as a decoder runs them (one row per sequence
 * decoded side by side, the whole matrix read at every position): block after block, each read front to back, where
 * W's own rows lie n floats apart. {@link #multiply} gives the same bits as {@link Gemm#gemm} on W for any number of
 * rows (every kernel runs each FMA chain over p in increasing order). Later changes to W do not reach the copy.
 * <p>
 * Weights that are all IEEE float16 values (a model stored with {@code ardm export --half}) are kept as float16, half the
 * bytes a decoder streams at every position, and widened block by block as they are read: widening is exact, so the
 * products are the same bits either way.
 */
public final class PackedWeights {
    private final int k, n;
    /** The blocks in float32, or null when {@link #halves} holds them. */
    private final float[] blocks;
    /** The blocks as float16 bits, or null. */
    private final short[] halves;

    private PackedWeights(int k, int n, float[] blocks, short[] halves) {
        this.k = k;
        this.n = n;
        this.blocks = blocks;
        this.halves = halves;
    }

    /** W [k, n], row-major. */
    public static PackedWeights of(Tensor w) {
        if (w.rank() != 2) throw new IllegalArgumentException("weights must be a matrix, not " + w);
        float[] packed = RowGemm.pack(w.data, w.dim(0), w.dim(1));
        short[] halves = exactHalves(packed);
        return halves != null ? new PackedWeights(w.dim(0), w.dim(1), null, halves) : new PackedWeights(w.dim(0), w.dim(1), packed, null);
    }

    /** x as float16 bits when every value is one (finite, its bits kept exactly, −0 included), else null. */
    private static short[] exactHalves(float[] x) {
        short[] h = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            h[i] = Float.floatToFloat16(x[i]);
            if (Float.floatToRawIntBits(Float.float16ToFloat(h[i])) != Float.floatToRawIntBits(x[i]) || !Float.isFinite(x[i])) return null;
        }
        return h;
    }

    /** The bytes the copy holds: 2 per weight when they are float16 values, else 4 (plus a narrow last block's padding). */
    public long bytes() {
        return halves != null ? 2L * halves.length : 4L * blocks.length;
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
        if (halves != null) RowGemm.multiplyPackedHalves(m, n, k, a, 0, k, halves, c, 0, n, accumulate);
        else RowGemm.multiplyPacked(m, n, k, a, 0, k, blocks, c, 0, n, accumulate);
    }
}
