package io.ardm.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Product for C with only a few rows (m = 1 is a matrix-vector product), where a full register tile of
 * {@link PackedGemm} would be partly padding. B is copied block by block (KB rows × WIDTH columns, which
 * also resolves its transpose flag) into an L1-resident scratch block, except when a single row of C would
 * use it once; every row of C then continues its FMA chains over the block's p in increasing order,
 * broadcasting A[i][p] against vectors of B[p][j..].
 */
final class RowGemm {
    private static final VectorSpecies<Float> S = Gemm.SPECIES;
    private static final int L = S.length();
    /** Columns per block: four accumulators per row of C. */
    private static final int WIDTH = 4 * L;
    /** Rows of B per block: KB × WIDTH floats fit in L1. */
    private static final int KB = 128;

    private RowGemm() {}

    static void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        GemmBuffers buffers = GemmBuffers.get();
        float[] block = buffers.packedB(KB * WIDTH);
        float[] edgeRow = buffers.edge(WIDTH);
        int aRowStep = transA ? 1 : lda;
        int aStep = transA ? lda : 1;
        int pBlocks = (k + KB - 1) / KB;
        int jBlocks = (n + WIDTH - 1) / WIDTH;
        for (int t = 0; t < pBlocks * jBlocks; t++) {
            // Blocks follow B's storage order (so it is read sequentially); for each block column of C,
            // the blocks of p still come in increasing order, which keeps every FMA chain sequential.
            int pb = (transB ? t % pBlocks : t / jBlocks) * KB;
            int j = (transB ? t / pBlocks : t % jBlocks) * WIDTH;
            int kb = Math.min(KB, k - pb);
            int width = Math.min(WIDTH, n - j);
            boolean loadC = accumulate || pb > 0;
            int aBlock = aOff + pb * aStep;
            int bBlock = transB ? bOff + j * ldb + pb : bOff + pb * ldb + j;
            // A copy pays for itself only when rows of C reuse it (or B must be transposed or padded).
            boolean copy = transB || m > 1 || width < WIDTH;
            if (copy) copyBlock(transB, kb, width, b, bBlock, ldb, block);
            float[] rowsOfB = copy ? block : b;
            int rowsOff = copy ? 0 : bBlock;
            int rowsStride = copy ? WIDTH : ldb;
            for (int i = 0; i < m; i++) {
                int aRow = aBlock + i * aRowStep;
                int cRow = cOff + i * ldc + j;
                if (width == WIDTH) {
                    row(kb, a, aRow, aStep, rowsOfB, rowsOff, rowsStride, c, cRow, loadC);
                } else {
                    // The row overhangs C: compute it in scratch, copy back its valid part.
                    if (loadC) System.arraycopy(c, cRow, edgeRow, 0, width);
                    else Arrays.fill(edgeRow, 0f);
                    row(kb, a, aRow, aStep, block, 0, WIDTH, edgeRow, 0, true);
                    System.arraycopy(edgeRow, 0, c, cRow, width);
                }
            }
        }
    }

    /** Copies the kb×width block of op(B) at {@code off} into rows of WIDTH floats, zero-padded. */
    private static void copyBlock(boolean transB, int kb, int width, float[] b, int off, int ldb, float[] dst) {
        if (width < WIDTH) Arrays.fill(dst, 0, kb * WIDTH, 0f);
        if (transB) {
            for (int j = 0; j < width; j++) {
                int src = off + j * ldb;
                for (int p = 0; p < kb; p++) dst[p * WIDTH + j] = b[src + p];
            }
        } else {
            for (int p = 0; p < kb; p++) System.arraycopy(b, off + p * ldb, dst, p * WIDTH, width);
        }
    }

    /**
     * One row of C, WIDTH columns, continues its FMA chains over kb values of p; row p of the block of B
     * starts at {@code bOff + p * bStride}.
     */
    private static void row(int kb, float[] a, int aRow, int aStep, float[] b, int bOff, int bStride,
                            float[] c, int cRow, boolean loadC) {
        FloatVector c0, c1, c2, c3;
        if (loadC) {
            c0 = FloatVector.fromArray(S, c, cRow);
            c1 = FloatVector.fromArray(S, c, cRow + L);
            c2 = FloatVector.fromArray(S, c, cRow + 2 * L);
            c3 = FloatVector.fromArray(S, c, cRow + 3 * L);
        } else {
            c0 = c1 = c2 = c3 = FloatVector.zero(S);
        }
        for (int p = 0; p < kb; p++) {
            FloatVector ap = FloatVector.broadcast(S, a[aRow + p * aStep]);
            int bp = bOff + p * bStride;
            c0 = ap.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = ap.fma(FloatVector.fromArray(S, b, bp + L), c1);
            c2 = ap.fma(FloatVector.fromArray(S, b, bp + 2 * L), c2);
            c3 = ap.fma(FloatVector.fromArray(S, b, bp + 3 * L), c3);
        }
        c0.intoArray(c, cRow);
        c1.intoArray(c, cRow + L);
        c2.intoArray(c, cRow + 2 * L);
        c3.intoArray(c, cRow + 3 * L);
    }
}
