package io.ardm.nn;

import io.ardm.tensor.Gemm;
import io.ardm.tensor.Parallel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Muon (Jordan et al. 2024; Liu et al. 2025, "Muon is scalable"): a hidden weight matrix steps along the orthogonalised
 * Nesterov momentum of its gradient instead of Adam's per-element ratio. The momentum {@code m = β·m + (1−β)·g} is
 * mixed with the gradient ({@code (1−β)·g + β·m}), its singular values are pushed towards 1 by five Newton–Schulz
 * iterations, and the result is scaled by {@code 0.2·√max(rows, columns)} so that its RMS matches a typical Adam
 * update: AdamW's learning rate and decoupled weight decay serve both, Muon's rate (and with it its decay) optionally
 * scaled by a fixed ratio.
 *
 * <p>Which matrices take this update is the architecture's to say (a transformer's block matrices, as in the papers;
 * embeddings, the read-out, biases and norm scales keep AdamW): each named matrix comes with the number of column
 * blocks it stacks (a fused query/key/value matrix is orthogonalised as its three [d, d] blocks). Everything is float32
 * with {@link Gemm}'s fixed chains and sums in a fixed order, so the update is the same bits on every machine and
 * thread count. The matrices of a step are orthogonalised in parallel, each on one thread (most are too small for a
 * product to pay for splitting it: [192, 192] at the small preset), with that thread's buffers for each matrix shape,
 * allocated on first use and reused every step. One instance per optimiser.
 */
public final class Muon {
    /** The papers' momentum. */
    public static final double MOMENTUM = 0.95;
    /** Keller Jordan's quintic coefficients: fast growth of small singular values, a band around 1 after five steps. */
    private static final float A = 3.4445f, B = -4.7750f, C = 2.0315f;
    private static final int ITERATIONS = 5;
    private static final double RMS_MATCH = 0.2;

    private final float momentum;
    private final float rateRatio;
    private final Map<String, Integer> columnBlocks;
    /** Buffers by the first matrix index of a parallel chunk (one thread each), then by shape. */
    private final Map<Integer, Map<Long, Buffers>> buffers = new ConcurrentHashMap<>();

    /** One matrix to step: its values, gradient and momentum ([rows, cols], row-major) and its decoupled weight decay. */
    public record Matrix(String name, float[] values, float[] gradient, float[] momentum, int rows, int cols, float weightDecay) {
        public Matrix {
            if (values.length != rows * cols || gradient.length != values.length || momentum.length != values.length) {
                throw new IllegalArgumentException(name + ": arrays do not match " + rows + "×" + cols);
            }
        }
    }

    /** Muon with the papers' momentum over {@code columnBlocks}' matrices (weight name → column blocks), at AdamW's rate. */
    public Muon(Map<String, Integer> columnBlocks) {
        this(columnBlocks, MOMENTUM, 1);
    }

    /** {@code rateRatio}: Muon's learning rate over the one AdamW is given at each step. */
    public Muon(Map<String, Integer> columnBlocks, double momentum, double rateRatio) {
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (!(rateRatio > 0 && rateRatio < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException("rate ratio must be positive and finite, got " + rateRatio);
        if (columnBlocks.isEmpty()) throw new IllegalArgumentException("this network has no hidden matrices for Muon to step");
        columnBlocks.forEach((name, blocks) -> {
            if (blocks < 1) throw new IllegalArgumentException(name + ": column blocks must be >= 1, got " + blocks);
        });
        this.rateRatio = (float) rateRatio;
        this.momentum = (float) momentum;
        this.columnBlocks = Map.copyOf(columnBlocks);
    }

    /** Whether the named parameter is one of the matrices Muon steps. */
    public boolean steps(String name) {
        return columnBlocks.containsKey(name);
    }

    /**
     * One update of each matrix, with {@code adamRate} AdamW's learning rate at this step: {@code p ← p − lr·(scale·
     * orthogonalise(nesterov) + wd·p)}, block by block, with {@code lr} = the rate ratio × {@code adamRate} (so the decay
     * scales with it). The matrices are split over the threads in contiguous chunks.
     */
    public void step(List<Matrix> matrices, float adamRate) {
        for (Matrix m : matrices) {
            if (!columnBlocks.containsKey(m.name())) throw new IllegalArgumentException(m.name() + " is not one of the matrices Muon steps");
        }
        float lr = rateRatio * adamRate;
        Parallel.forRange(matrices.size(), (from, to) -> Parallel.serially(() -> {
            Map<Long, Buffers> mine = buffers.computeIfAbsent(from, chunk -> new HashMap<>());
            for (int i = from; i < to; i++) step(matrices.get(i), lr, mine);
            return null;
        }));
    }

    private void step(Matrix m, float lr, Map<Long, Buffers> mine) {
        int rows = m.rows(), cols = m.cols(), blocks = columnBlocks.get(m.name());
        if (cols % blocks != 0) throw new IllegalArgumentException(m.name() + ": " + cols + " columns do not split into " + blocks + " blocks");
        float[] p = m.values(), g = m.gradient(), mu = m.momentum();
        float wd = m.weightDecay();
        int width = cols / blocks;
        Buffers work = mine.computeIfAbsent((long) rows << 32 | width, shape -> new Buffers(rows, width));
        float scale = (float) (RMS_MATCH * Math.sqrt(Math.max(rows, width)));
        for (int i = 0; i < p.length; i++) mu[i] = (1 - momentum) * g[i] + momentum * mu[i];
        for (int b = 0; b < blocks; b++) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < width; j++) {
                    int at = r * cols + b * width + j;
                    work.in[r * width + j] = (1 - momentum) * g[at] + momentum * mu[at]; // the Nesterov mix
                }
            }
            float[] o = orthogonalise(work, rows, width);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < width; j++) {
                    int at = r * cols + b * width + j;
                    p[at] -= lr * (scale * o[r * width + j] + wd * p[at]);
                }
            }
        }
    }

    /** Orthogonalises a [rows, cols] matrix into a new array (for tests and one-off use). */
    static float[] orthogonalise(float[] g, int rows, int cols) {
        Buffers work = new Buffers(rows, cols);
        System.arraycopy(g, 0, work.in, 0, g.length);
        return orthogonalise(work, rows, cols).clone();
    }

    /**
     * Five Newton–Schulz iterations {@code X ← a·X + (b·XXᵀ + c·(XXᵀ)²)·X} from {@code X = G/‖G‖_F} where G is
     * {@code work.in}, on the wide orientation (rows ≤ columns) so that XXᵀ is the small Gram matrix. Returns one of
     * {@code work}'s arrays, in G's orientation.
     */
    private static float[] orthogonalise(Buffers work, int rows, int cols) {
        boolean tall = rows > cols;
        int r = tall ? cols : rows, c = tall ? rows : cols;
        float[] x = work.x;
        if (tall) transpose(work.in, rows, cols, x);
        else System.arraycopy(work.in, 0, x, 0, x.length);
        double norm = 0;
        for (float v : x) norm += (double) v * v;
        float inverse = (float) (1 / (Math.sqrt(norm) + 1e-7));
        for (int i = 0; i < x.length; i++) x[i] *= inverse;
        float[] gram = work.gram, poly = work.poly, next = work.next;
        for (int it = 0; it < ITERATIONS; it++) {
            symmetricProduct(true, r, c, x, gram);
            symmetricProduct(false, r, r, gram, poly);
            for (int i = 0; i < poly.length; i++) poly[i] = B * gram[i] + C * poly[i];
            Gemm.gemm(false, false, r, c, r, poly, 0, r, x, 0, c, next, 0, c, false);
            for (int i = 0; i < x.length; i++) x[i] = A * x[i] + next[i];
        }
        if (!tall) return x;
        transpose(x, r, c, work.in);
        return work.in;
    }

    /** Rows per product of {@link #symmetricProduct}: a multiple of every register tile's rows. */
    private static final int SYMMETRIC_ROWS = 48;

    /**
     * The symmetric [r, r] product XXᵀ of a [r, k] matrix X ({@code transB}), or X·X of a symmetric [r, r] X: each block of
     * rows is multiplied from its diagonal rightwards and the rest mirrored, about 60 % of the work at r = 192. The
     * mirrored elements are the same bits as computed ones: element (j, i) multiplies the same pairs as (i, j), in the
     * same order, and a product of two floats does not depend on their order.
     */
    private static void symmetricProduct(boolean transB, int r, int k, float[] x, float[] into) {
        for (int i0 = 0; i0 < r; i0 += SYMMETRIC_ROWS) {
            int h = Math.min(SYMMETRIC_ROWS, r - i0);
            Gemm.gemm(false, transB, h, r - i0, k, x, i0 * k, k, x, transB ? i0 * k : i0, transB ? k : r, into, i0 * r + i0, r, false);
        }
        for (int i = 1; i < r; i++) for (int j = 0; j < i; j++) into[i * r + j] = into[j * r + i];
    }

    private static void transpose(float[] m, int rows, int cols, float[] into) {
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) into[j * rows + i] = m[i * cols + j];
    }

    /** The arrays one matrix shape needs: its input (and, when tall, its output), the iterate, Gram, polynomial, product. */
    private static final class Buffers {
        final float[] in, x, gram, poly, next;

        Buffers(int rows, int cols) {
            int small = Math.min(rows, cols);
            in = new float[rows * cols];
            x = new float[rows * cols];
            gram = new float[small * small];
            poly = new float[small * small];
            next = new float[rows * cols];
        }
    }
}
