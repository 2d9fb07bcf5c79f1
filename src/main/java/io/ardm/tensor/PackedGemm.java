package io.ardm.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GotoBLAS-style product on the calling thread: C is computed in NC-column, MC-row blocks; for each block
 * of KC consecutive p, op(A) and op(B) are copied into contiguous micro-panels (which also resolves the
 * transpose flags), and an MR×NR register tile of C is updated by broadcasting A[i][p] against vectors of
 * B[p][j..]. Each tile loads C, continues every element's FMA chain over the block's p in increasing order
 * and stores C back, so across KC blocks every C[i][j] is still one sequential chain over p = 0..k-1.
 */
final class PackedGemm {
    private static final VectorSpecies<Float> S = Gemm.SPECIES;
    private static final int L = S.length();

    /** Register tile: MR rows × two vectors, 12 accumulators, within the 16 vector registers of AVX2. */
    static final int MR = 6;
    static final int NR = 2 * L;
    /** Block sizes: a KC×NR panel of B stays in L1, an MC×KC block of A in L2. */
    static final int KC = 256;
    static final int MC = 21 * MR;
    static final int NC = 512;

    private PackedGemm() {}

    static void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        GemmBuffers buffers = GemmBuffers.get();
        float[] packedA = buffers.packedA;
        float[] packedB = buffers.packedB;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean loadC = accumulate || pc > 0;
                packB(transB, kc, nc, b, transB ? bOff + jc * ldb + pc : bOff + pc * ldb + jc, ldb, packedB);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, mc, kc, a, transA ? aOff + pc * lda + ic : aOff + ic * lda + pc, lda, packedA);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bPanel = jr * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int aPanel = ir * kc;
                            int cTile = cOff + (ic + ir) * ldc + jc + jr;
                            if (mr == MR && nr == NR) {
                                tile(kc, packedA, aPanel, packedB, bPanel, c, cTile, ldc, loadC);
                            } else {
                                edgeTile(kc, mr, nr, packedA, aPanel, packedB, bPanel, c, cTile, ldc, loadC, buffers.edgeTile);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Copies the kc×nc block of op(B) starting at {@code off} into panels of NR columns, row p of a panel
     * at {@code p * NR}; columns past nc are zero (their results are never stored).
     */
    private static void packB(boolean transB, int kc, int nc, float[] b, int off, int ldb, float[] dst) {
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int width = Math.min(NR, nc - j0);
            int panel = j0 * kc;
            if (width < NR) Arrays.fill(dst, panel, panel + kc * NR, 0f);
            if (transB) {
                for (int j = 0; j < width; j++) {
                    int src = off + (j0 + j) * ldb;
                    for (int p = 0; p < kc; p++) dst[panel + p * NR + j] = b[src + p];
                }
            } else if (width == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = off + p * ldb + j0;
                    FloatVector.fromArray(S, b, src).intoArray(dst, panel + p * NR);
                    FloatVector.fromArray(S, b, src + L).intoArray(dst, panel + p * NR + L);
                }
            } else {
                for (int p = 0; p < kc; p++) System.arraycopy(b, off + p * ldb + j0, dst, panel + p * NR, width);
            }
        }
    }

    /**
     * Copies the mc×kc block of op(A) starting at {@code off} into panels of MR rows, column p of a panel
     * at {@code p * MR}; rows past mc are zero.
     */
    private static void packA(boolean transA, int mc, int kc, float[] a, int off, int lda, float[] dst) {
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int height = Math.min(MR, mc - i0);
            int panel = i0 * kc;
            if (height < MR) Arrays.fill(dst, panel, panel + kc * MR, 0f);
            if (transA) {
                for (int p = 0; p < kc; p++) System.arraycopy(a, off + p * lda + i0, dst, panel + p * MR, height);
            } else {
                for (int i = 0; i < height; i++) {
                    int src = off + (i0 + i) * lda;
                    for (int p = 0; p < kc; p++) dst[panel + p * MR + i] = a[src + p];
                }
            }
        }
    }

    /** A tile that overhangs C is computed in a full-size scratch tile; only its valid part is copied back. */
    private static void edgeTile(int kc, int mr, int nr, float[] pa, int aPanel, float[] pb, int bPanel,
                                 float[] c, int cTile, int ldc, boolean loadC, float[] scratch) {
        Arrays.fill(scratch, 0f);
        if (loadC) for (int i = 0; i < mr; i++) System.arraycopy(c, cTile + i * ldc, scratch, i * NR, nr);
        tile(kc, pa, aPanel, pb, bPanel, scratch, 0, NR, true);
        for (int i = 0; i < mr; i++) System.arraycopy(scratch, i * NR, c, cTile + i * ldc, nr);
    }

    /** The micro-kernel: an MR×NR tile of C continues its FMA chains over kc values of p. */
    private static void tile(int kc, float[] pa, int aPanel, float[] pb, int bPanel,
                             float[] c, int cTile, int ldc, boolean loadC) {
        int r1 = cTile + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (loadC) {
            c00 = FloatVector.fromArray(S, c, cTile);
            c01 = FloatVector.fromArray(S, c, cTile + L);
            c10 = FloatVector.fromArray(S, c, r1);
            c11 = FloatVector.fromArray(S, c, r1 + L);
            c20 = FloatVector.fromArray(S, c, r2);
            c21 = FloatVector.fromArray(S, c, r2 + L);
            c30 = FloatVector.fromArray(S, c, r3);
            c31 = FloatVector.fromArray(S, c, r3 + L);
            c40 = FloatVector.fromArray(S, c, r4);
            c41 = FloatVector.fromArray(S, c, r4 + L);
            c50 = FloatVector.fromArray(S, c, r5);
            c51 = FloatVector.fromArray(S, c, r5 + L);
        } else {
            FloatVector zero = FloatVector.zero(S);
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = zero;
        }
        for (int p = 0; p < kc; p++) {
            int ap = aPanel + p * MR;
            int bp = bPanel + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
            FloatVector a0 = FloatVector.broadcast(S, pa[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, pa[ap + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, pa[ap + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, pa[ap + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, pa[ap + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, pa[ap + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        c00.intoArray(c, cTile);
        c01.intoArray(c, cTile + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
    }
}
