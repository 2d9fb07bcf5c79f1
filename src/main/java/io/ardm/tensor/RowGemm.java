package io.ardm.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Product for C with only a few rows (m = 1 is a matrix-vector product): each element of B is used at
 * most m times, so packing it would cost as much as the product. Rows of B are read in place; a
 * transposed B is first transposed block by block into scratch space. Each row of C is computed by
 * broadcasting A[i][p] against vectors of B[p][j..], one sequential FMA chain per C[i][j].
 */
final class RowGemm {
    private static final VectorSpecies<Float> S = Gemm.SPECIES;
    private static final int L = S.length();
    /** Columns per pass: four independent accumulators to overlap FMA latency. */
    private static final int WIDTH = 4 * L;

    private RowGemm() {}

    static void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        if (!transB) {
            rows(transA, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        float[] rowsOfB = GemmBuffers.get().packedB;
        for (int jc = 0; jc < n; jc += PackedGemm.NC) {
            int nc = Math.min(PackedGemm.NC, n - jc);
            for (int pc = 0; pc < k; pc += PackedGemm.KC) {
                int kc = Math.min(PackedGemm.KC, k - pc);
                for (int j = 0; j < nc; j++) {
                    int src = bOff + (jc + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) rowsOfB[p * nc + j] = b[src + p];
                }
                rows(transA, m, nc, kc, a, transA ? aOff + pc * lda : aOff + pc, lda, rowsOfB, 0, nc,
                        c, cOff + jc, ldc, accumulate || pc > 0);
            }
        }
    }

    /** C (+)= op(A)·B for row-major B, continuing from C when {@code loadC}. */
    private static void rows(boolean transA, int m, int n, int k, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean loadC) {
        int aRowStep = transA ? 1 : lda;
        int aStep = transA ? lda : 1;
        int j = 0;
        for (; j + WIDTH <= n; j += WIDTH) {
            for (int i = 0; i < m; i++) {
                fourVectors(k, a, aOff + i * aRowStep, aStep, b, bOff + j, ldb, c, cOff + i * ldc + j, loadC);
            }
        }
        for (; j < n; j += L) {
            VectorMask<Float> inRange = S.indexInRange(j, n);
            for (int i = 0; i < m; i++) {
                oneVector(k, a, aOff + i * aRowStep, aStep, b, bOff + j, ldb, c, cOff + i * ldc + j, loadC, inRange);
            }
        }
    }

    private static void fourVectors(int k, float[] a, int aIdx, int aStep, float[] b, int bIdx, int ldb,
                                    float[] c, int cIdx, boolean loadC) {
        FloatVector c0, c1, c2, c3;
        if (loadC) {
            c0 = FloatVector.fromArray(S, c, cIdx);
            c1 = FloatVector.fromArray(S, c, cIdx + L);
            c2 = FloatVector.fromArray(S, c, cIdx + 2 * L);
            c3 = FloatVector.fromArray(S, c, cIdx + 3 * L);
        } else {
            c0 = c1 = c2 = c3 = FloatVector.zero(S);
        }
        for (int p = 0; p < k; p++) {
            FloatVector ap = FloatVector.broadcast(S, a[aIdx + p * aStep]);
            int bp = bIdx + p * ldb;
            c0 = ap.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = ap.fma(FloatVector.fromArray(S, b, bp + L), c1);
            c2 = ap.fma(FloatVector.fromArray(S, b, bp + 2 * L), c2);
            c3 = ap.fma(FloatVector.fromArray(S, b, bp + 3 * L), c3);
        }
        c0.intoArray(c, cIdx);
        c1.intoArray(c, cIdx + L);
        c2.intoArray(c, cIdx + 2 * L);
        c3.intoArray(c, cIdx + 3 * L);
    }

    private static void oneVector(int k, float[] a, int aIdx, int aStep, float[] b, int bIdx, int ldb,
                                  float[] c, int cIdx, boolean loadC, VectorMask<Float> inRange) {
        FloatVector acc = loadC ? FloatVector.fromArray(S, c, cIdx, inRange) : FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            FloatVector ap = FloatVector.broadcast(S, a[aIdx + p * aStep]);
            acc = ap.fma(FloatVector.fromArray(S, b, bIdx + p * ldb, inRange), acc);
        }
        acc.intoArray(c, cIdx, inRange);
    }
}
