package io.ardm.tensor;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix product C (+)= op(A)·op(B), row-major with leading dimensions.
 *
 * <p>Determinism contract (numerics rule 1): every C[i][j] is one sequential FMA chain over p = 0..k-1,
 * starting from 0 (or from the old C[i][j] when {@code accumulate}), so results are bit-identical to
 * {@link #reference} for any vector width, thread count or matrix shape. The kernels vectorise across
 * independent outputs only; threads split C into independent blocks, never k.
 *
 * <p>C must not overlap A or B. Products go through {@link PackedGemm} (cache-blocked, packed operands, 12- or 4-row register tiles), or,
 * with at most 11 rows, through {@link RowGemm}, a few rows of C at a time.
 */
public final class Gemm {
    /**
     * The vector width of every kernel, fixed at class initialisation ({@code -Dardm.vector.bits=256|512},
     * default: the hardware's preferred width). Static final so that C2 treats it as a constant.
     */
    static final VectorSpecies<Float> SPECIES = speciesFor(System.getProperty("ardm.vector.bits"));

    /**
     * Products with at most this many rows take the row path, which reads B where it is: with few rows, packing B costs
     * as much as the product (decoding with 4 rows per call spent 30% of its time in the packed path's packB when the
     * 4-row tile of AVX2 machines sent every product of 4 rows or more there).
     */
    private static final int ROW_PATH_MAX_M = 11;
    /**
     * Below this many multiply-adds the hand-off to other threads costs more than it saves (measured:
     * 256×256×64 = 2^22 ran slower on 2 threads than on 1; 512×512×64 and 256³ ran faster).
     */
    static final long PARALLEL_MIN_FMAS = 1L << 23;

    /** Multiply-adds of the products run while counting (benchmarks: a step's model FLOPs and its MFU). */
    private static final LongAdder MULTIPLY_ADDS = new LongAdder();
    private static volatile boolean counting;

    private Gemm() {}

    /** Starts (from zero) or stops counting the multiply-adds of every product, on every thread. */
    public static void countMultiplyAdds(boolean on) {
        MULTIPLY_ADDS.reset();
        counting = on;
    }

    /** Multiply-adds counted since {@link #countMultiplyAdds} turned counting on. */
    public static long multiplyAdds() {
        return MULTIPLY_ADDS.sum();
    }

    static VectorSpecies<Float> speciesFor(String bits) {
        if (bits == null || bits.isBlank()) return FloatVector.SPECIES_PREFERRED;
        return switch (bits.trim()) {
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("ardm.vector.bits must be 256 or 512, got '" + bits + "'");
        };
    }

    /** The vector width in bits that the kernels use in this JVM. */
    public static int vectorBits() {
        return SPECIES.vectorBitSize();
    }

    /** Multi-threaded product: C is split into independent row or column blocks, one per thread. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        checkArguments(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (counting) MULTIPLY_ADDS.add((long) m * n * k);
        if (Parallel.threads() == 1 || (long) m * n * k < PARALLEL_MIN_FMAS) {
            multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else if (m >= n) {
            Parallel.forRange(m, PackedGemm.MR, (lo, hi) -> multiply(transA, transB, hi - lo, n, k,
                    a, transA ? aOff + lo : aOff + lo * lda, lda, b, bOff, ldb, c, cOff + lo * ldc, ldc, accumulate));
        } else {
            Parallel.forRange(n, PackedGemm.NR, (lo, hi) -> multiply(transA, transB, m, hi - lo, k,
                    a, aOff, lda, b, transB ? bOff + lo * ldb : bOff + lo, ldb, c, cOff + lo, ldc, accumulate));
        }
    }

    /** Same product on the calling thread (for callers that parallelise over independent products). */
    public static void serial(boolean transA, boolean transB, int m, int n, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc, boolean accumulate) {
        checkArguments(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (counting) MULTIPLY_ADDS.add((long) m * n * k);
        multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    private static void multiply(boolean transA, boolean transB, int m, int n, int k,
                                 float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                 float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            // Each chain is empty: C keeps its value, or becomes the chain's starting 0.
            if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        } else if (m <= ROW_PATH_MAX_M) {
            RowGemm.multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            PackedGemm.multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
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

    private static void checkArguments(boolean transA, boolean transB, int m, int n, int k,
                                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                       float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, cOff, ldc, m, n);
    }

    /** A stored rows×cols matrix must fit its array, with rows at least {@code cols} apart. */
    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) {
            throw new IllegalArgumentException("gemm: leading dimension of " + name + " is " + ld + ", below its " + cols + " columns");
        }
        long last = off + (long) (rows - 1) * ld + cols - 1;
        if (off < 0 || last >= x.length) {
            throw new IndexOutOfBoundsException("gemm: " + name + " (" + rows + "x" + cols + ", offset " + off
                    + ", leading dimension " + ld + ") does not fit its array of length " + x.length);
        }
    }
}
