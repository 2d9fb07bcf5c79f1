package io.ardm.tensor.op;

import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * Rotary position embedding (RoPE, Su et al. 2021) on a fused attention projection [B, T, 3·d]: in every head, the
 * query and key features j and j + dh/2 of position p are rotated by the angle p·θ_j, θ_j = 10000^(−2j/dh), so that a
 * query–key score depends on the two positions only through their distance. Values pass through unchanged.
 *
 * <p>The rotation is a fixed orthogonal map per position, so the backward pass rotates the gradient back (by −p·θ_j).
 * Angles come from {@link StrictMath} once per table and each output is two products and one sum in a fixed order:
 * the same bits on every machine, thread count and batch split.
 */
public final class Rope {
    private Rope() {}

    /** cos and sin of p·θ_j, [T, dh/2] row-major, for one head width and sequence length. */
    public record Table(int positions, int headDim, float[] cos, float[] sin) {
        public static Table of(int positions, int headDim) {
            if (headDim % 2 != 0) throw new IllegalArgumentException("rotary positions need an even head width, got " + headDim);
            int half = headDim / 2;
            float[] cos = new float[positions * half];
            float[] sin = new float[positions * half];
            for (int p = 0; p < positions; p++) {
                for (int j = 0; j < half; j++) {
                    double angle = p * StrictMath.pow(10000.0, -2.0 * j / headDim);
                    cos[p * half + j] = (float) StrictMath.cos(angle);
                    sin[p * half + j] = (float) StrictMath.sin(angle);
                }
            }
            return new Table(positions, headDim, cos, sin);
        }
    }

    /** qkv [B, T, 3·d] → the same with queries and keys rotated by their position (row t of each item is position t). */
    public static Tensor apply(Tape tape, Tensor qkv, int heads, Table table) {
        int batch = qkv.dim(0);
        int t = qkv.dim(1);
        int d = qkv.dim(2) / 3;
        if (qkv.rank() != 3 || qkv.dim(2) != 3 * d || d != heads * table.headDim() || t > table.positions()) {
            throw new IllegalArgumentException("rope: qkv " + qkv + " does not fit " + heads + " heads of " + table.headDim() + " over " + table.positions() + " positions");
        }
        boolean grad = tape.records(qkv);
        Tensor out = Tensor.overwrittenOutput(grad, batch, t, 3 * d);
        Parallel.forRange(batch * t, Add.rowsPerTask(3 * d), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int off = r * 3 * d;
                System.arraycopy(qkv.data, off + 2 * d, out.data, off + 2 * d, d);
                rotate(qkv.data, off, out.data, off, 2 * heads, r % t, table, 1f);
            }
        });
        if (grad) tape.record(out, () -> {
            float[] dy = out.grad();
            float[] dx = qkv.grad();
            Parallel.forRange(batch * t, Add.rowsPerTask(3 * d), (lo, hi) -> {
                float[] back = new float[2 * d];
                for (int r = lo; r < hi; r++) {
                    int off = r * 3 * d;
                    rotate(dy, off, back, 0, 2 * heads, r % t, table, -1f);
                    for (int i = 0; i < 2 * d; i++) dx[off + i] += back[i];
                    for (int i = 2 * d; i < 3 * d; i++) dx[off + i] += dy[off + i];
                }
            });
        });
        return out;
    }

    /** Rotates the queries and keys of one fused row in place (decoding with a key/value cache: position {@code position}). */
    public static void rotateRow(float[] qkvRow, int off, int heads, int position, Table table) {
        float[] rotated = new float[2 * heads * table.headDim()];
        rotate(qkvRow, off, rotated, 0, 2 * heads, position, table, 1f);
        System.arraycopy(rotated, 0, qkvRow, off, rotated.length);
    }

    /** Rotates {@code blocks} consecutive head-width blocks from src[srcOff…] into dst[dstOff…] by position·θ (direction 1) or back (−1). */
    private static void rotate(float[] src, int srcOff, float[] dst, int dstOff, int blocks, int position, Table table, float direction) {
        int dh = table.headDim();
        int half = dh / 2;
        int angles = position * half;
        for (int b = 0; b < blocks; b++) {
            int s = srcOff + b * dh;
            int o = dstOff + b * dh;
            for (int j = 0; j < half; j++) {
                float c = table.cos()[angles + j];
                float sn = direction * table.sin()[angles + j];
                float x1 = src[s + j];
                float x2 = src[s + half + j];
                dst[o + j] = x1 * c - x2 * sn;
                dst[o + half + j] = x1 * sn + x2 * c;
            }
        }
    }
}
