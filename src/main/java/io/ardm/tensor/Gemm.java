package io.ardm.tensor;

/**
 * Single-precision matrix product C (+)= op(A)·op(B), row-major with leading dimensions.
 *
 * <p>Determinism contract (numerics rule 1): every C[i][j] is one sequential FMA chain over p = 0..k-1,
 * starting from 0 (or from the old C[i][j] when {@code accumulate}), so results are bit-identical to
 * {@link #reference} for any vector width, thread count or matrix shape.
 */
public final class Gemm {
    private Gemm() {}

    /** Multi-threaded product (split over independent rows/columns of C). */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        Parallel.forRange(m, 8, (lo, hi) -> serial(transA, transB, hi - lo, n, k,
                a, transA ? aOff + lo : aOff + lo * lda, lda, b, bOff, ldb, c, cOff + lo * ldc, ldc, accumulate));
    }

    /** Same product on the calling thread (for callers that parallelise over independent products). */
    public static void serial(boolean transA, boolean transB, int m, int n, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc, boolean accumulate) {
        reference(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** The scalar definition every kernel must match bit for bit. */
    public static void reference(boolean transA, boolean transB, int m, int n, int k,
                                 float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                 float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = accumulate ? c[cOff + i * ldc + j] : 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    acc = Math.fma(av, bv, acc);
                }
                c[cOff + i * ldc + j] = acc;
            }
        }
    }
}
