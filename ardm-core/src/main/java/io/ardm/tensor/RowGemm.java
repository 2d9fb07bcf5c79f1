package io.ardm.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Product for C with only a few rows (m = 1 is a matrix-vector product), where a full register tile of
 * {@link PackedGemm} would be partly padding. B is copied block by block (KB rows × WIDTH columns, which
 * also resolves its transpose flag) into an L1-resident scratch block, except when up to eight rows of C read
 * it where it is; rows of C, four at a time (two on 16-register machines) and then one by one (a last narrow block element by element), continue
 * their FMA chains over the block's p in increasing order, broadcasting A[i][p] against vectors of B[p][j..]. A constant
 * B read again and again (a decoder's weights) can be laid out in those blocks once ({@link #pack}) and streamed from there.
 */
final class RowGemm {
    private static final VectorSpecies<Float> S = Gemm.SPECIES;
    private static final int L = S.length();
    /** Columns per block: four accumulators per row of C. */
    private static final int WIDTH = 4 * L;
    /** Rows of B per block: KB × WIDTH floats fit in L1. */
    private static final int KB = 128;
    /** Up to this many rows of C read a block of B where it is (two groups of four); more reuse an L1 copy. */
    private static final int ROWS_IN_PLACE = 8;

    /**
     * Four rows at a time (16 accumulators) where there are 32 vector registers, as for {@link PackedGemm#MR}; two rows
     * (8 accumulators) on 16-register machines, where four spill. Products of 8 rows (the decoder's, one thread, AMD EPYC
     * Zen 4 with AVX2): 8×576×192 at 50–56 GFLOPS, 8×768×192 at 22–25, against 32–37 and 13–21 in the packed path.
     */
    private static final boolean WIDE_REGISTER_FILE = PackedGemm.MR == 12;

    private RowGemm() {}

    static void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        GemmBuffers buffers = GemmBuffers.get();
        float[] block = buffers.packedB(KB * WIDTH);
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
            // A copy pays for itself only when many groups of rows of C reuse it (or B must be transposed).
            boolean copy = transB || m > ROWS_IN_PLACE;
            if (copy) copyBlock(transB, kb, width, b, bBlock, ldb, block, 0);
            blockRows(m, kb, width, a, aBlock, aRowStep, aStep, copy ? block : b, copy ? 0 : bBlock, copy ? WIDTH : ldb, c, cOff + j, ldc, loadC);
        }
    }

    /**
     * B [k, n] (row-major, dense) laid out for {@link #multiplyPacked}: block after block in the order {@link #multiply} reads an untransposed
     * B (block rows of KB values of p, and within each the column blocks left to right), each block's rows WIDTH floats
     * apart (a narrow last block padded with zeros), so that a product streams it front to back.
     */
    static float[] pack(float[] b, int k, int n) {
        int pBlocks = (k + KB - 1) / KB;
        int jBlocks = (n + WIDTH - 1) / WIDTH;
        float[] packed = new float[pBlocks * jBlocks * KB * WIDTH];
        for (int t = 0; t < pBlocks * jBlocks; t++) {
            int pb = t / jBlocks * KB;
            int j = t % jBlocks * WIDTH;
            copyBlock(false, Math.min(KB, k - pb), Math.min(WIDTH, n - j), b, pb * n + j, n, packed, t * KB * WIDTH);
        }
        return packed;
    }

    /** C (m×n) = A·B (+ C), B as {@link #pack} laid it out: the same FMA chains, bit for bit, as {@link #multiply}. */
    static void multiplyPacked(int m, int n, int k, float[] a, int aOff, int lda, float[] packed, float[] c, int cOff, int ldc,
                               boolean accumulate) {
        // Empty chains: C keeps its value, or becomes the chains' starting 0 (as Gemm).
        if (k == 0 && !accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        int pBlocks = (k + KB - 1) / KB;
        int jBlocks = (n + WIDTH - 1) / WIDTH;
        for (int t = 0; t < pBlocks * jBlocks; t++) {
            int pb = t / jBlocks * KB;
            int j = t % jBlocks * WIDTH;
            blockRows(m, Math.min(KB, k - pb), Math.min(WIDTH, n - j), a, aOff + pb, lda, 1, packed, t * KB * WIDTH, WIDTH,
                    c, cOff + j, ldc, accumulate || pb > 0);
        }
    }

    /**
     * Every row of C continues its chains over one block of B (kb rows of {@code width} columns, row p at
     * {@code bOff + p * bStride}): rows four or two at a time where the block is whole, then one by one.
     */
    private static void blockRows(int m, int kb, int width, float[] a, int aBlock, int aRowStep, int aStep, float[] rowsOfB, int rowsOff,
                                  int rowsStride, float[] c, int cCol, int ldc, boolean loadC) {
        int i = 0;
        if (width == WIDTH && WIDE_REGISTER_FILE) {
            for (; i + 4 <= m; i += 4) {
                fourRows(kb, a, aBlock + i * aRowStep, aRowStep, aStep, rowsOfB, rowsOff, rowsStride, c, cCol + i * ldc, ldc, loadC);
            }
        } else if (width == WIDTH) {
            for (; i + 2 <= m; i += 2) {
                twoRows(kb, a, aBlock + i * aRowStep, aRowStep, aStep, rowsOfB, rowsOff, rowsStride, c, cCol + i * ldc, ldc, loadC);
            }
        }
        for (; i < m; i++) {
            int aRow = aBlock + i * aRowStep;
            int cRow = cCol + i * ldc;
            if (width == WIDTH) row(kb, a, aRow, aStep, rowsOfB, rowsOff, rowsStride, c, cRow, loadC);
            else narrowRow(kb, a, aRow, aStep, rowsOfB, rowsOff, rowsStride, c, cRow, loadC, width);
        }
    }

    /** Copies the kb×width block of op(B) at {@code off} into rows of WIDTH floats (a narrow block's row reads only its width). */
    private static void copyBlock(boolean transB, int kb, int width, float[] b, int off, int ldb, float[] dst, int dstOff) {
        if (transB) {
            for (int j = 0; j < width; j++) {
                int src = off + j * ldb;
                for (int p = 0; p < kb; p++) dst[dstOff + p * WIDTH + j] = b[src + p];
            }
        } else {
            for (int p = 0; p < kb; p++) System.arraycopy(b, off + p * ldb, dst, dstOff + p * WIDTH, width);
        }
    }

    /**
     * Four rows of C, WIDTH columns each, continue their FMA chains over kb values of p: sixteen independent chains hide
     * the FMA latency that four (one row) cannot, and each vector of B serves four rows.
     */
    private static void fourRows(int kb, float[] a, int aRow, int aRowStep, int aStep, float[] b, int bOff, int bStride,
                                 float[] c, int cRow, int ldc, boolean loadC) {
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (loadC) {
            c00 = FloatVector.fromArray(S, c, cRow);
            c01 = FloatVector.fromArray(S, c, cRow + L);
            c02 = FloatVector.fromArray(S, c, cRow + 2 * L);
            c03 = FloatVector.fromArray(S, c, cRow + 3 * L);
            c10 = FloatVector.fromArray(S, c, cRow + ldc);
            c11 = FloatVector.fromArray(S, c, cRow + ldc + L);
            c12 = FloatVector.fromArray(S, c, cRow + ldc + 2 * L);
            c13 = FloatVector.fromArray(S, c, cRow + ldc + 3 * L);
            c20 = FloatVector.fromArray(S, c, cRow + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, cRow + 2 * ldc + L);
            c22 = FloatVector.fromArray(S, c, cRow + 2 * ldc + 2 * L);
            c23 = FloatVector.fromArray(S, c, cRow + 2 * ldc + 3 * L);
            c30 = FloatVector.fromArray(S, c, cRow + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, cRow + 3 * ldc + L);
            c32 = FloatVector.fromArray(S, c, cRow + 3 * ldc + 2 * L);
            c33 = FloatVector.fromArray(S, c, cRow + 3 * ldc + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = FloatVector.zero(S);
            c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = FloatVector.zero(S);
        }
        for (int p = 0; p < kb; p++) {
            int bp = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            int ap = aRow + p * aStep;
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + aRowStep]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2 * aRowStep]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3 * aRowStep]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            c33 = a3.fma(b3, c33);
        }
        c00.intoArray(c, cRow);
        c01.intoArray(c, cRow + L);
        c02.intoArray(c, cRow + 2 * L);
        c03.intoArray(c, cRow + 3 * L);
        c10.intoArray(c, cRow + ldc);
        c11.intoArray(c, cRow + ldc + L);
        c12.intoArray(c, cRow + ldc + 2 * L);
        c13.intoArray(c, cRow + ldc + 3 * L);
        c20.intoArray(c, cRow + 2 * ldc);
        c21.intoArray(c, cRow + 2 * ldc + L);
        c22.intoArray(c, cRow + 2 * ldc + 2 * L);
        c23.intoArray(c, cRow + 2 * ldc + 3 * L);
        c30.intoArray(c, cRow + 3 * ldc);
        c31.intoArray(c, cRow + 3 * ldc + L);
        c32.intoArray(c, cRow + 3 * ldc + 2 * L);
        c33.intoArray(c, cRow + 3 * ldc + 3 * L);
    }

    /** Two rows of C, WIDTH columns each: {@link #fourRows}' first two. */
    private static void twoRows(int kb, float[] a, int aRow, int aRowStep, int aStep, float[] b, int bOff, int bStride,
                                float[] c, int cRow, int ldc, boolean loadC) {
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13;
        if (loadC) {
            c00 = FloatVector.fromArray(S, c, cRow);
            c01 = FloatVector.fromArray(S, c, cRow + L);
            c02 = FloatVector.fromArray(S, c, cRow + 2 * L);
            c03 = FloatVector.fromArray(S, c, cRow + 3 * L);
            c10 = FloatVector.fromArray(S, c, cRow + ldc);
            c11 = FloatVector.fromArray(S, c, cRow + ldc + L);
            c12 = FloatVector.fromArray(S, c, cRow + ldc + 2 * L);
            c13 = FloatVector.fromArray(S, c, cRow + ldc + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = FloatVector.zero(S);
        }
        for (int p = 0; p < kb; p++) {
            int bp = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            int ap = aRow + p * aStep;
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + aRowStep]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
        }
        c00.intoArray(c, cRow);
        c01.intoArray(c, cRow + L);
        c02.intoArray(c, cRow + 2 * L);
        c03.intoArray(c, cRow + 3 * L);
        c10.intoArray(c, cRow + ldc);
        c11.intoArray(c, cRow + ldc + L);
        c12.intoArray(c, cRow + ldc + 2 * L);
        c13.intoArray(c, cRow + ldc + 3 * L);
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

    /**
     * A row of C narrower than WIDTH (the last block of a row that overhangs C), in place, neither copied nor padded:
     * whole vectors of columns continue their chains two at a time (two independent chains hide more of the FMA latency;
     * a decoder's attention lands here with each head's dh columns where dh is not a multiple of WIDTH), a last one alone,
     * the last few columns one by one.
     */
    private static void narrowRow(int kb, float[] a, int aRow, int aStep, float[] b, int bOff, int bStride,
                                  float[] c, int cRow, boolean loadC, int width) {
        int vectors = width / L * L;
        int v = 0;
        for (; v + 2 * L <= vectors; v += 2 * L) {
            FloatVector acc0 = loadC ? FloatVector.fromArray(S, c, cRow + v) : FloatVector.zero(S);
            FloatVector acc1 = loadC ? FloatVector.fromArray(S, c, cRow + v + L) : FloatVector.zero(S);
            for (int p = 0; p < kb; p++) {
                FloatVector ap = FloatVector.broadcast(S, a[aRow + p * aStep]);
                int bp = bOff + p * bStride + v;
                acc0 = ap.fma(FloatVector.fromArray(S, b, bp), acc0);
                acc1 = ap.fma(FloatVector.fromArray(S, b, bp + L), acc1);
            }
            acc0.intoArray(c, cRow + v);
            acc1.intoArray(c, cRow + v + L);
        }
        for (; v < vectors; v += L) {
            FloatVector acc = loadC ? FloatVector.fromArray(S, c, cRow + v) : FloatVector.zero(S);
            for (int p = 0; p < kb; p++) acc = FloatVector.broadcast(S, a[aRow + p * aStep]).fma(FloatVector.fromArray(S, b, bOff + p * bStride + v), acc);
            acc.intoArray(c, cRow + v);
        }
        for (int j = vectors; j < width; j++) {
            float acc = loadC ? c[cRow + j] : 0f;
            for (int p = 0; p < kb; p++) acc = Math.fma(a[aRow + p * aStep], b[bOff + p * bStride + j], acc);
            c[cRow + j] = acc;
        }
    }
}
