package io.ardm.tensor.op;

import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Arrays;

/**
 * Reorders axes into a new row-major tensor: output axis i is input axis perm[i], so
 * out[i_0, …, i_{r−1}] = in at the index whose axis perm[k] equals i_k. E.g. channels-first [B, C, N] to
 * channels-last [B, N, C] is perm (0, 2, 1), or {@link #swap} of axes 1 and 2. The backward pass applies the
 * inverse permutation to the gradient. Threads split over output rows (independent outputs).
 */
public final class Transpose {
    private Transpose() {}

    /** Exchanges two axes (negative counts from the end). */
    public static Tensor swap(Tape tape, Tensor x, int axisA, int axisB) {
        int r = x.rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        int a = Axes.resolve(axisA, r, "transpose");
        int b = Axes.resolve(axisB, r, "transpose");
        perm[a] = b;
        perm[b] = a;
        return apply(tape, x, perm);
    }

    public static Tensor apply(Tape tape, Tensor x, int... perm) {
        int r = x.rank();
        if (perm.length != r) throw new IllegalArgumentException("transpose: permutation of length " + perm.length + " for " + x);
        boolean[] seen = new boolean[r];
        for (int p : perm) {
            if (p < 0 || p >= r || seen[p]) throw new IllegalArgumentException("transpose: " + Arrays.toString(perm) + " is not a permutation of 0.." + (r - 1));
            seen[p] = true;
        }
        int[] inShape = x.shape();
        int[] outShape = new int[r];
        for (int i = 0; i < r; i++) outShape[i] = inShape[perm[i]];
        // Input stride of each output axis, so an output index maps to Σ i_k · stride[k] in the input.
        int[] inStride = new int[r];
        int s = 1;
        for (int d = r - 1; d >= 0; d--) {
            for (int i = 0; i < r; i++) if (perm[i] == d) inStride[i] = s;
            s *= inShape[d];
        }
        boolean grad = tape.records(x);
        Tensor y = Tensor.overwrittenOutput(grad, outShape);
        int[] blocks = blockSwap(inShape, perm);
        if (blocks != null) {
            int batches = blocks[0], rows = blocks[1], cols = blocks[2];
            transposeLastTwo(x.data, y.data, batches, rows, cols, false);
            if (grad) tape.record(y, () -> transposeLastTwo(x.grad(), y.grad(), batches, rows, cols, true));
        } else {
            move(x.data, y.data, outShape, inStride, false);
            if (grad) tape.record(y, () -> move(x.grad(), y.grad(), outShape, inStride, true));
        }
        return y;
    }

    /**
     * {batches, rows, cols} when the permutation keeps leading axes 0..j−1 and moves the block of trailing axes k..r−1,
     * in order, before the block j..k−1, in order: a swap of the last two axes of [batches, rows, cols] (e.g. [B, C, O, N]
     * to [B, N, C, O] is [B, C·O, N] to [B, N, C·O]). Else null.
     */
    private static int[] blockSwap(int[] inShape, int[] perm) {
        int r = perm.length;
        int j = 0;
        while (j < r && perm[j] == j) j++;
        if (j >= r - 1) return null;
        int k = perm[j];
        for (int i = 0; i < r - k; i++) if (perm[j + i] != k + i) return null;
        for (int i = 0; i < k - j; i++) if (perm[j + r - k + i] != j + i) return null;
        return new int[] {Tensor.sizeOf(Arrays.copyOfRange(inShape, 0, j)), Tensor.sizeOf(Arrays.copyOfRange(inShape, j, k)),
                Tensor.sizeOf(Arrays.copyOfRange(inShape, k, r))};
    }

    /** Input rows per tile: rows a power of two apart share an L1 set, and 8 lines fit its ways. */
    private static final int TILE_ROWS = 8;
    /** Input columns per tile: one cache line of each row. */
    private static final int TILE_COLS = 16;

    /**
     * [batches, rows, cols] → [batches, cols, rows] in tiles (backward: in += out at the same pairs). The general
     * {@link #move} reads a column of the input per output row, and channels 4 KB apart (a 32×32 image's planes)
     * all fell into one L1 set.
     */
    private static void transposeLastTwo(float[] in, float[] out, int batches, int rows, int cols, boolean backward) {
        int colTiles = Math.ceilDiv(cols, TILE_COLS);
        Parallel.forRange(batches * colTiles, (lo, hi) -> {
            for (int task = lo; task < hi; task++) {
                int b = task / colTiles;
                int j0 = (task % colTiles) * TILE_COLS;
                int jEnd = Math.min(cols, j0 + TILE_COLS);
                int matrix = b * rows * cols;
                for (int i0 = 0; i0 < rows; i0 += TILE_ROWS) {
                    int iEnd = Math.min(rows, i0 + TILE_ROWS);
                    for (int j = j0; j < jEnd; j++) {
                        int o = matrix + j * rows;
                        if (backward) {
                            for (int i = i0; i < iEnd; i++) in[matrix + i * cols + j] += out[o + i];
                        } else {
                            for (int i = i0; i < iEnd; i++) out[o + i] = in[matrix + i * cols + j];
                        }
                    }
                }
            }
        });
    }

    /** Forward: out = in at the mapped indices. Backward: in += out at the same pairs (the inverse permutation). */
    private static void move(float[] in, float[] out, int[] outShape, int[] inStride, boolean backward) {
        int r = outShape.length;
        if (out.length == 0) return;
        int cols = r == 0 ? 1 : outShape[r - 1];
        int colStride = r == 0 ? 0 : inStride[r - 1];
        Parallel.forRange(out.length / cols, Math.max(1, 4096 / cols), (lo, hi) -> {
            for (int row = lo; row < hi; row++) {
                int base = 0;
                for (int d = r - 2, rest = row; d >= 0; d--) {
                    base += (rest % outShape[d]) * inStride[d];
                    rest /= outShape[d];
                }
                int o = row * cols;
                if (backward) {
                    for (int j = 0; j < cols; j++) in[base + j * colStride] += out[o + j];
                } else {
                    for (int j = 0; j < cols; j++) out[o + j] = in[base + j * colStride];
                }
            }
        });
    }
}
