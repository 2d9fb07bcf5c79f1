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
 *
 * <p>A panel of MR rows of A is laid out as the stored A is cheapest to copy: an untransposed A (the forward, the input
 * gradients, four of attention's six products) row by row, KC floats apart, one array copy per row (interleaving its
 * rows cost as much as attention's narrow products themselves); a transposed A (weight gradients, attention's dV and
 * dK) column by column, MR floats apart, one array copy per p. The kernel reads either through constant offsets.
 */
final class PackedGemm {
    private static final VectorSpecies<Float> S = Gemm.SPECIES;
    private static final int L = S.length();

    /**
     * Register tile: MR rows × two vectors. Where the hardware's preferred vectors are 512 bits (AVX-512: 32 vector
     * registers) 12 rows = 24 accumulators (measured ~10% faster than 6 rows there); elsewhere (AVX2: 16 registers) 4
     * rows = 8 accumulators. Measured on one AVX2 core (AMD EPYC Zen 4; one 120×256 block of A against 1,024 columns):
     * 4×2 vectors 80 GFLOPS whichever the A layout, 3×3 82, 5×2 82 or 32 by layout, 12×2 48 (spills) and 6×2 38 (its 12
     * accumulators, two B vectors and a broadcast fill all 16 registers, and C2 spills in the loop). The tile's shape
     * never changes a result: each C element is the same FMA chain either way ({@code -Dardm.gemm.rows=4|12} picks one,
     * so that the determinism tests run both kernels on any machine).
     */
    static final int MR = tileRows(System.getProperty("ardm.gemm.rows"));
    static final int NR = 2 * L;
    /** Four floats: MR is a multiple of four, so a transposed A's panels are copied four rows at a time. */
    private static final VectorSpecies<Float> QUARTET = FloatVector.SPECIES_128;
    /**
     * Blocks: a KC×NR panel of B is reused from L1 by the MC/MR tiles of a block, and the MC×KC block of
     * A stays in L2. NC = 1024 packs A only once for n ≤ 1024 (packing reads A from L3 with strided rows;
     * at NC = 512 it cost ~11% of a 1024³ product). MC is a multiple of both tiles' rows.
     */
    static final int KC = 256;
    static final int MC = 120;
    static final int NC = 1024;

    private PackedGemm() {}

    static int tileRows(String rows) {
        if (rows == null || rows.isBlank()) return FloatVector.SPECIES_PREFERRED.length() >= 16 ? 12 : 4;
        return switch (rows.trim()) {
            case "4" -> 4;
            case "12" -> 12;
            default -> throw new IllegalArgumentException("ardm.gemm.rows must be 4 or 12, got '" + rows + "'");
        };
    }

    static void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        GemmBuffers buffers = GemmBuffers.get();
        float[] packedA = buffers.packedA(MC * KC);
        float[] packedB = buffers.packedB(KC * NC);
        float[] edge = buffers.edge(MR * NR);
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
                            int aPanel = ir * KC;
                            int cTile = cOff + (ic + ir) * ldc + jc + jr;
                            if (mr == MR && nr == NR) {
                                kernel(kc, !transA, packedA, aPanel, packedB, bPanel, c, cTile, ldc, loadC);
                            } else {
                                edgeTile(kc, !transA, mr, nr, packedA, aPanel, packedB, bPanel, c, cTile, ldc, loadC, edge);
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
        int full = nc / NR * NR;
        if (transB) {
            // Column j of a panel is row j of the stored matrix: read it sequentially and write it with a stride of NR
            // (gathers were twice as slow on attention's products, and rows 4 KB apart fall into one L1 set).
            for (int j0 = 0; j0 < full; j0 += NR) {
                int panel = j0 * kc;
                for (int j = 0; j < NR; j++) {
                    int src = off + (j0 + j) * ldb;
                    for (int p = 0; p < kc; p++) dst[panel + p * NR + j] = b[src + p];
                }
            }
        } else {
            // Row by row, so that B is read sequentially.
            for (int p = 0; p < kc; p++) {
                int src = off + p * ldb;
                for (int j0 = 0; j0 < full; j0 += NR) {
                    int at = j0 * kc + p * NR;
                    FloatVector.fromArray(S, b, src + j0).intoArray(dst, at);
                    FloatVector.fromArray(S, b, src + j0 + L).intoArray(dst, at + L);
                }
            }
        }
        if (full < nc) {
            int panel = full * kc;
            Arrays.fill(dst, panel, panel + kc * NR, 0f);
            for (int p = 0; p < kc; p++) {
                for (int j = full; j < nc; j++) {
                    dst[panel + p * NR + j - full] = transB ? b[off + j * ldb + p] : b[off + p * ldb + j];
                }
            }
        }
    }

    /**
     * Copies the mc×kc block of op(A) starting at {@code off} into panels of MR rows, KC·MR floats apart: an untransposed
     * A row by row (row i of a panel at {@code i * KC}), a transposed A column by column (column p at {@code p * MR}).
     * Rows past mc are zero.
     */
    private static void packA(boolean transA, int mc, int kc, float[] a, int off, int lda, float[] dst) {
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int height = Math.min(MR, mc - i0);
            int panel = i0 * KC;
            if (height < MR) Arrays.fill(dst, panel, panel + KC * MR, 0f);
            if (transA && height == MR) {
                // A full panel's MR floats of each p as 128-bit vectors (a System.arraycopy call per p cost more than its
                // four or twelve floats, and element by element took ~10 % of a weight gradient's product).
                for (int p = 0; p < kc; p++) {
                    int src = off + p * lda + i0, at = panel + p * MR;
                    for (int i = 0; i < MR; i += 4) FloatVector.fromArray(QUARTET, a, src + i).intoArray(dst, at + i);
                }
            } else if (transA) {
                for (int p = 0; p < kc; p++) {
                    int src = off + p * lda + i0, at = panel + p * MR;
                    for (int i = 0; i < height; i++) dst[at + i] = a[src + i];
                }
            } else {
                for (int i = 0; i < height; i++) System.arraycopy(a, off + (i0 + i) * lda, dst, panel + i * KC, kc);
            }
        }
    }

    /** A tile that overhangs C is computed in a full-size scratch tile; only its valid part is copied back. */
    private static void edgeTile(int kc, boolean rowMajor, int mr, int nr, float[] pa, int aPanel, float[] pb, int bPanel,
                                 float[] c, int cTile, int ldc, boolean loadC, float[] scratch) {
        Arrays.fill(scratch, 0f);
        if (loadC) for (int i = 0; i < mr; i++) System.arraycopy(c, cTile + i * ldc, scratch, i * NR, nr);
        kernel(kc, rowMajor, pa, aPanel, pb, bPanel, scratch, 0, NR, true);
        for (int i = 0; i < mr; i++) System.arraycopy(scratch, i * NR, c, cTile + i * ldc, nr);
    }

    private static void kernel(int kc, boolean rowMajor, float[] pa, int aPanel, float[] pb, int bPanel,
                               float[] c, int cTile, int ldc, boolean loadC) {
        if (MR == 12) tile(kc, rowMajor, pa, aPanel, pb, bPanel, c, cTile, ldc, loadC);
        else if (rowMajor) tile4Rows(kc, pa, aPanel, pb, bPanel, c, cTile, ldc, loadC);
        else tile4Columns(kc, pa, aPanel, pb, bPanel, c, cTile, ldc, loadC);
    }

    /**
     * The 4-row micro-kernels for 16-register machines, {@link #tile}'s first four rows, one per A panel layout: with
     * constant strides C2 removes the range checks of the broadcasts (a stride passed in cost ~25% of the speed, and a
     * layout flag in one kernel compiled well or badly depending on which layout ran first).
     */
    private static void tile4Rows(int kc, float[] pa, int aPanel, float[] pb, int bPanel,
                              float[] c, int cTile, int ldc, boolean loadC) {
        FloatVector c0_0, c0_1, c1_0, c1_1, c2_0, c2_1, c3_0, c3_1;
        if (loadC) {
            c0_0 = FloatVector.fromArray(S, c, cTile);
            c0_1 = FloatVector.fromArray(S, c, cTile + L);
            c1_0 = FloatVector.fromArray(S, c, cTile + 1 * ldc);
            c1_1 = FloatVector.fromArray(S, c, cTile + 1 * ldc + L);
            c2_0 = FloatVector.fromArray(S, c, cTile + 2 * ldc);
            c2_1 = FloatVector.fromArray(S, c, cTile + 2 * ldc + L);
            c3_0 = FloatVector.fromArray(S, c, cTile + 3 * ldc);
            c3_1 = FloatVector.fromArray(S, c, cTile + 3 * ldc + L);
        } else {
            FloatVector zero = FloatVector.zero(S);
            c0_0 = c0_1 = c1_0 = c1_1 = c2_0 = c2_1 = c3_0 = c3_1 = zero;
        }
        for (int p = 0; p < kc; p++) {
            int ap = aPanel + p;
            int bp = bPanel + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
            FloatVector a0 = FloatVector.broadcast(S, pa[ap]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(S, pa[ap + 1 * KC]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(S, pa[ap + 2 * KC]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(S, pa[ap + 3 * KC]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
        }
        c0_0.intoArray(c, cTile);
        c0_1.intoArray(c, cTile + L);
        c1_0.intoArray(c, cTile + 1 * ldc);
        c1_1.intoArray(c, cTile + 1 * ldc + L);
        c2_0.intoArray(c, cTile + 2 * ldc);
        c2_1.intoArray(c, cTile + 2 * ldc + L);
        c3_0.intoArray(c, cTile + 3 * ldc);
        c3_1.intoArray(c, cTile + 3 * ldc + L);
    }

    private static void tile4Columns(int kc, float[] pa, int aPanel, float[] pb, int bPanel,
                              float[] c, int cTile, int ldc, boolean loadC) {
        FloatVector c0_0, c0_1, c1_0, c1_1, c2_0, c2_1, c3_0, c3_1;
        if (loadC) {
            c0_0 = FloatVector.fromArray(S, c, cTile);
            c0_1 = FloatVector.fromArray(S, c, cTile + L);
            c1_0 = FloatVector.fromArray(S, c, cTile + 1 * ldc);
            c1_1 = FloatVector.fromArray(S, c, cTile + 1 * ldc + L);
            c2_0 = FloatVector.fromArray(S, c, cTile + 2 * ldc);
            c2_1 = FloatVector.fromArray(S, c, cTile + 2 * ldc + L);
            c3_0 = FloatVector.fromArray(S, c, cTile + 3 * ldc);
            c3_1 = FloatVector.fromArray(S, c, cTile + 3 * ldc + L);
        } else {
            FloatVector zero = FloatVector.zero(S);
            c0_0 = c0_1 = c1_0 = c1_1 = c2_0 = c2_1 = c3_0 = c3_1 = zero;
        }
        for (int p = 0; p < kc; p++) {
            int ap = aPanel + p * MR;
            int bp = bPanel + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
            FloatVector a0 = FloatVector.broadcast(S, pa[ap]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(S, pa[ap + 1]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(S, pa[ap + 2]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(S, pa[ap + 3]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
        }
        c0_0.intoArray(c, cTile);
        c0_1.intoArray(c, cTile + L);
        c1_0.intoArray(c, cTile + 1 * ldc);
        c1_1.intoArray(c, cTile + 1 * ldc + L);
        c2_0.intoArray(c, cTile + 2 * ldc);
        c2_1.intoArray(c, cTile + 2 * ldc + L);
        c3_0.intoArray(c, cTile + 3 * ldc);
        c3_1.intoArray(c, cTile + 3 * ldc + L);
    }

    /**
     * The 12-row micro-kernel: a 12×NR tile of C continues its FMA chains over kc values of p. Row i of the A panel lies
     * {@code i * KC} (row-major panel) or {@code i} (column-major) after row 0: the condition is the same for the
     * whole loop, which C2 unswitches into two loops whose twelve broadcasts sit at constant offsets from one register
     * (measured as fast as two hand-specialised kernels).
     */
    private static void tile(int kc, boolean rowMajor, float[] pa, int aPanel, float[] pb, int bPanel,
                             float[] c, int cTile, int ldc, boolean loadC) {
        FloatVector c0_0, c0_1, c1_0, c1_1, c2_0, c2_1, c3_0, c3_1, c4_0, c4_1, c5_0, c5_1,
                c6_0, c6_1, c7_0, c7_1, c8_0, c8_1, c9_0, c9_1, c10_0, c10_1, c11_0, c11_1;
        if (loadC) {
            c0_0 = FloatVector.fromArray(S, c, cTile);
            c0_1 = FloatVector.fromArray(S, c, cTile + L);
            c1_0 = FloatVector.fromArray(S, c, cTile + 1 * ldc);
            c1_1 = FloatVector.fromArray(S, c, cTile + 1 * ldc + L);
            c2_0 = FloatVector.fromArray(S, c, cTile + 2 * ldc);
            c2_1 = FloatVector.fromArray(S, c, cTile + 2 * ldc + L);
            c3_0 = FloatVector.fromArray(S, c, cTile + 3 * ldc);
            c3_1 = FloatVector.fromArray(S, c, cTile + 3 * ldc + L);
            c4_0 = FloatVector.fromArray(S, c, cTile + 4 * ldc);
            c4_1 = FloatVector.fromArray(S, c, cTile + 4 * ldc + L);
            c5_0 = FloatVector.fromArray(S, c, cTile + 5 * ldc);
            c5_1 = FloatVector.fromArray(S, c, cTile + 5 * ldc + L);
            c6_0 = FloatVector.fromArray(S, c, cTile + 6 * ldc);
            c6_1 = FloatVector.fromArray(S, c, cTile + 6 * ldc + L);
            c7_0 = FloatVector.fromArray(S, c, cTile + 7 * ldc);
            c7_1 = FloatVector.fromArray(S, c, cTile + 7 * ldc + L);
            c8_0 = FloatVector.fromArray(S, c, cTile + 8 * ldc);
            c8_1 = FloatVector.fromArray(S, c, cTile + 8 * ldc + L);
            c9_0 = FloatVector.fromArray(S, c, cTile + 9 * ldc);
            c9_1 = FloatVector.fromArray(S, c, cTile + 9 * ldc + L);
            c10_0 = FloatVector.fromArray(S, c, cTile + 10 * ldc);
            c10_1 = FloatVector.fromArray(S, c, cTile + 10 * ldc + L);
            c11_0 = FloatVector.fromArray(S, c, cTile + 11 * ldc);
            c11_1 = FloatVector.fromArray(S, c, cTile + 11 * ldc + L);
        } else {
            FloatVector zero = FloatVector.zero(S);
            c0_0 = c0_1 = c1_0 = c1_1 = c2_0 = c2_1 = c3_0 = c3_1 = c4_0 = c4_1 = c5_0 = c5_1 = zero;
            c6_0 = c6_1 = c7_0 = c7_1 = c8_0 = c8_1 = c9_0 = c9_1 = c10_0 = c10_1 = c11_0 = c11_1 = zero;
        }
        for (int p = 0; p < kc; p++) {
            int ap = rowMajor ? aPanel + p : aPanel + p * MR;
            int rowStep = rowMajor ? KC : 1;
            int bp = bPanel + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
            FloatVector a0 = FloatVector.broadcast(S, pa[ap]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(S, pa[ap + 1 * rowStep]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(S, pa[ap + 2 * rowStep]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(S, pa[ap + 3 * rowStep]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            FloatVector a4 = FloatVector.broadcast(S, pa[ap + 4 * rowStep]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            FloatVector a5 = FloatVector.broadcast(S, pa[ap + 5 * rowStep]);
            c5_0 = a5.fma(b0, c5_0);
            c5_1 = a5.fma(b1, c5_1);
            FloatVector a6 = FloatVector.broadcast(S, pa[ap + 6 * rowStep]);
            c6_0 = a6.fma(b0, c6_0);
            c6_1 = a6.fma(b1, c6_1);
            FloatVector a7 = FloatVector.broadcast(S, pa[ap + 7 * rowStep]);
            c7_0 = a7.fma(b0, c7_0);
            c7_1 = a7.fma(b1, c7_1);
            FloatVector a8 = FloatVector.broadcast(S, pa[ap + 8 * rowStep]);
            c8_0 = a8.fma(b0, c8_0);
            c8_1 = a8.fma(b1, c8_1);
            FloatVector a9 = FloatVector.broadcast(S, pa[ap + 9 * rowStep]);
            c9_0 = a9.fma(b0, c9_0);
            c9_1 = a9.fma(b1, c9_1);
            FloatVector a10 = FloatVector.broadcast(S, pa[ap + 10 * rowStep]);
            c10_0 = a10.fma(b0, c10_0);
            c10_1 = a10.fma(b1, c10_1);
            FloatVector a11 = FloatVector.broadcast(S, pa[ap + 11 * rowStep]);
            c11_0 = a11.fma(b0, c11_0);
            c11_1 = a11.fma(b1, c11_1);
        }
        c0_0.intoArray(c, cTile);
        c0_1.intoArray(c, cTile + L);
        c1_0.intoArray(c, cTile + 1 * ldc);
        c1_1.intoArray(c, cTile + 1 * ldc + L);
        c2_0.intoArray(c, cTile + 2 * ldc);
        c2_1.intoArray(c, cTile + 2 * ldc + L);
        c3_0.intoArray(c, cTile + 3 * ldc);
        c3_1.intoArray(c, cTile + 3 * ldc + L);
        c4_0.intoArray(c, cTile + 4 * ldc);
        c4_1.intoArray(c, cTile + 4 * ldc + L);
        c5_0.intoArray(c, cTile + 5 * ldc);
        c5_1.intoArray(c, cTile + 5 * ldc + L);
        c6_0.intoArray(c, cTile + 6 * ldc);
        c6_1.intoArray(c, cTile + 6 * ldc + L);
        c7_0.intoArray(c, cTile + 7 * ldc);
        c7_1.intoArray(c, cTile + 7 * ldc + L);
        c8_0.intoArray(c, cTile + 8 * ldc);
        c8_1.intoArray(c, cTile + 8 * ldc + L);
        c9_0.intoArray(c, cTile + 9 * ldc);
        c9_1.intoArray(c, cTile + 9 * ldc + L);
        c10_0.intoArray(c, cTile + 10 * ldc);
        c10_1.intoArray(c, cTile + 10 * ldc + L);
        c11_0.intoArray(c, cTile + 11 * ldc);
        c11_1.intoArray(c, cTile + 11 * ldc + L);
    }
}
