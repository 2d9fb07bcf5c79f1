package io.ardm.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GemmTest {
    /**
     * Sizes around the register tiles (4 or 12 × 16 or 32), the row path (m below the tile; blocks of 64 columns and
     * 128 values of p) and the packing blocks (MC 120, KC 256, NC 1024).
     */
    private static final int[] SIZES = {1, 2, 3, 5, 6, 7, 11, 12, 13, 15, 16, 17, 23, 24, 25, 31, 32, 33, 63, 64, 65,
            119, 120, 121, 127, 128, 129, 200, 255, 256, 257, 300, 513, 1023, 1025};
    private static final long MAX_FMAS = 6_000_000;

    private final int originalThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(originalThreads);
    }

    /** One product with random flags, offsets, leading-dimension padding and contents of C. */
    private record Case(boolean transA, boolean transB, int m, int n, int k, int aOff, int lda, int bOff, int ldb,
                        int cOff, int ldc, boolean accumulate, float[] a, float[] b, float[] c) {
        static Case random(Random rnd, int m, int n, int k) {
            return random(rnd, m, n, k, rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean());
        }

        static Case random(Random rnd, int m, int n, int k, boolean transA, boolean transB, boolean accumulate) {
            int lda = (transA ? m : k) + pad(rnd), ldb = (transB ? k : n) + pad(rnd), ldc = n + pad(rnd);
            int aOff = pad(rnd), bOff = pad(rnd), cOff = pad(rnd);
            float[] a = values(rnd, aOff + (transA ? k : m) * lda + pad(rnd));
            float[] b = values(rnd, bOff + (transB ? n : k) * ldb + pad(rnd));
            float[] c = values(rnd, cOff + m * ldc + pad(rnd));
            return new Case(transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc, accumulate, a, b, c);
        }

        float[] expected() {
            float[] out = c.clone();
            Gemm.reference(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, out, cOff, ldc, accumulate);
            return out;
        }

        float[] viaGemm() {
            float[] out = c.clone();
            Gemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, out, cOff, ldc, accumulate);
            return out;
        }

        float[] viaSerial() {
            float[] out = c.clone();
            Gemm.serial(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, out, cOff, ldc, accumulate);
            return out;
        }

        /** op(B) packed as a decoder's weights ({@link PackedWeights}), op(A) and C copied dense and back. */
        float[] viaPacked() {
            float[] denseA = new float[m * k], denseB = new float[k * n], denseC = new float[m * n];
            for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) denseA[i * k + p] = a[transA ? aOff + p * lda + i : aOff + i * lda + p];
            for (int p = 0; p < k; p++) for (int j = 0; j < n; j++) denseB[p * n + j] = b[transB ? bOff + j * ldb + p : bOff + p * ldb + j];
            for (int i = 0; i < m; i++) System.arraycopy(c, cOff + i * ldc, denseC, i * n, n);
            PackedWeights.of(Tensor.of(denseB, k, n)).multiply(m, denseA, denseC, accumulate);
            float[] out = c.clone();
            for (int i = 0; i < m; i++) System.arraycopy(denseC, i * n, out, cOff + i * ldc, n);
            return out;
        }

        @Override
        public String toString() {
            return "m=%d n=%d k=%d transA=%b transB=%b accumulate=%b lda=%d ldb=%d ldc=%d offsets=%d/%d/%d"
                    .formatted(m, n, k, transA, transB, accumulate, lda, ldb, ldc, aOff, bOff, cOff);
        }
    }

    private static int pad(Random rnd) {
        return rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(9);
    }

    /** Magnitudes spread over many binades, so that any change of summation order changes the bits. */
    private static float[] values(Random rnd, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float) (rnd.nextGaussian() * Math.scalb(1.0, rnd.nextInt(13) - 6));
        return x;
    }

    /** Random shapes from {@link #SIZES}, kept small enough for the scalar reference. */
    private static List<Case> randomCases(long seed, int count) {
        Random rnd = new Random(seed);
        List<Case> cases = new ArrayList<>();
        while (cases.size() < count) {
            int m = SIZES[rnd.nextInt(SIZES.length)], n = SIZES[rnd.nextInt(SIZES.length)], k = SIZES[rnd.nextInt(SIZES.length)];
            if ((long) m * n * k <= MAX_FMAS) cases.add(Case.random(rnd, m, n, k));
        }
        return cases;
    }

    /** Null when gemm, serial and packed weights match the reference bit for bit on every case, else the first failure. */
    private static String firstMismatch(List<Case> cases) {
        for (Case x : cases) {
            float[] want = x.expected();
            if (!sameBits(want, x.viaGemm())) return "gemm differs from reference for " + x;
            if (!sameBits(want, x.viaSerial())) return "serial differs from reference for " + x;
            if (!sameBits(want, x.viaPacked())) return "packed weights differ from reference for " + x;
        }
        return null;
    }

    private static boolean sameBits(float[] x, float[] y) {
        if (x.length != y.length) return false;
        for (int i = 0; i < x.length; i++) if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) return false;
        return true;
    }

    @Test
    void randomShapesMatchReferenceBitForBitOnOneAndTwoThreads() {
        List<Case> cases = randomCases(1, 150);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            String mismatch = firstMismatch(cases);
            assertEquals(null, mismatch, threads + " thread(s)");
        }
    }

    @Test
    void everyTransposeAndAccumulateCombinationAtTileAndBlockEdges() {
        Random rnd = new Random(2);
        int[][] shapes = {{1, 1, 1}, {1, 700, 300}, {5, 65, 257}, {12, 32, 1}, {13, 33, 2}, {127, 513, 9}, {130, 31, 520},
                {25, 1030, 40}, {24, 48, 30}, {37, 40, 19}, {250, 48, 250}, {2, 96, 300}, {3, 112, 260}, {8, 40, 129}};
        Parallel.setThreads(2);
        for (int[] s : shapes) {
            for (int flags = 0; flags < 8; flags++) {
                Case x = Case.random(rnd, s[0], s[1], s[2], (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0);
                assertTrue(sameBits(x.expected(), x.viaGemm()), "gemm: " + x);
                assertTrue(sameBits(x.expected(), x.viaSerial()), "serial: " + x);
                assertTrue(sameBits(x.expected(), x.viaPacked()), "packed weights: " + x);
            }
        }
    }

    /** Products big enough to be split: over rows, over columns, and into chunks that take the row path. */
    @Test
    void productsSplitOverThreadsMatchReference() {
        Random rnd = new Random(3);
        for (int[] s : new int[][] {{300, 200, 300}, {40, 1100, 200}, {20, 50, 9000}, {7, 2000, 700}}) {
            assertTrue((long) s[0] * s[1] * s[2] >= Gemm.PARALLEL_MIN_FMAS, "too small to be split");
            Case x = Case.random(rnd, s[0], s[1], s[2]);
            float[] want = x.expected();
            for (int threads : new int[] {2, 1}) {
                Parallel.setThreads(threads);
                assertTrue(sameBits(want, x.viaGemm()), threads + " thread(s): " + x);
            }
        }
    }

    /** Signed zeros, infinities, NaN and subnormals go through the same chains (NaN payloads not compared). */
    @Test
    void specialValuesFollowTheReference() {
        Random rnd = new Random(6);
        float[] specials = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE, -1e-40f};
        for (int[] s : new int[][] {{3, 70, 20}, {30, 40, 300}}) {
            Case x = Case.random(rnd, s[0], s[1], s[2]);
            for (float[] array : List.of(x.a(), x.b(), x.c())) {
                for (int i = 0; i < array.length; i += 1 + rnd.nextInt(200)) array[i] = specials[rnd.nextInt(specials.length)];
            }
            float[] want = x.expected(), got = x.viaSerial();
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), "element " + i + " of " + x);
            }
        }
    }

    /** Guards the tests above: with these values a different summation order would be caught. */
    @Test
    void testValuesDistinguishSummationOrder() {
        Random rnd = new Random(4);
        float[] a = values(rnd, 64), b = values(rnd, 64);
        float forward = 0f, backward = 0f;
        for (int p = 0; p < 64; p++) forward = Math.fma(a[p], b[p], forward);
        for (int p = 63; p >= 0; p--) backward = Math.fma(a[p], b[p], backward);
        assertNotEquals(Float.floatToRawIntBits(forward), Float.floatToRawIntBits(backward));
    }

    @Test
    void emptyInnerDimensionZeroesOrKeepsC() {
        float[] c = {1f, 2f, 3f, 4f};
        Gemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, true);
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, c);
        Gemm.serial(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, false);
        assertArrayEquals(new float[4], c);
        float[] d = {1f, 2f, 3f, 4f};
        PackedWeights empty = PackedWeights.of(Tensor.zeros(0, 2));
        empty.multiply(2, new float[0], d, true);
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, d);
        empty.multiply(2, new float[0], d, false);
        assertArrayEquals(new float[4], d);
    }

    @Test
    void badArgumentsAreRejectedWithAClearMessage() {
        float[] x = new float[12];
        var narrow = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 3, 4, 4, x, 0, 3, x, 0, 4, new float[12], 0, 4, false));
        assertTrue(narrow.getMessage().contains("leading dimension of A"), narrow.getMessage());
        var small = assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.serial(false, true, 3, 4, 4, x, 0, 4, x, 0, 4, new float[12], 0, 4, false));
        assertTrue(small.getMessage().contains("B (4x4"), small.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, -1, 4, 4, x, 0, 4, x, 0, 4, x, 0, 4, false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.speciesFor("128"));
        assertThrows(IllegalArgumentException.class, () -> PackedGemm.tileRows("8"));
    }

    /** The same products in a JVM whose kernels use the other vector width give the reference bits too. */
    @Test
    void otherVectorWidthMatchesReference() throws IOException, InterruptedException {
        int other = Gemm.vectorBits() == 512 ? 256 : 512;
        assertChildMatches("-Dardm.vector.bits=" + other, "vector bits " + other + ", tile rows " + PackedGemm.MR);
    }

    /** The same products through the other register tile (4 rows on AVX-512 machines, 12 on AVX2 ones) too. */
    @Test
    void otherTileMatchesReference() throws IOException, InterruptedException {
        int other = PackedGemm.MR == 12 ? 4 : 12;
        assertChildMatches("-Dardm.gemm.rows=" + other, "vector bits " + Gemm.vectorBits() + ", tile rows " + other);
    }

    private static void assertChildMatches(String flag, String kernel) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", flag,
                "-cp", System.getProperty("java.class.path"), GemmTest.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        assertTrue(output.contains(kernel + ": all cases match"), output);
    }

    /** Entry point of the child JVMs of {@link #otherVectorWidthMatchesReference} and {@link #otherTileMatchesReference}. */
    public static void main(String[] args) {
        String mismatch = firstMismatch(randomCases(5, 60));
        System.out.println("vector bits " + Gemm.vectorBits() + ", tile rows " + PackedGemm.MR + ": "
                + (mismatch == null ? "all cases match" : mismatch));
        System.exit(mismatch == null ? 0 : 1);
    }
}
