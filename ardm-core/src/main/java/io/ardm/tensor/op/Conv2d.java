package io.ardm.tensor.op;

import io.ardm.tensor.Gemm;
import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Arrays;

/**
 * 2-D convolution as in Flax's {@code nn.Conv}: cross-correlation, stride 1, 'SAME' zero padding, optional
 * dilation. Layout is channels-first: input [B, C_in, H, W], weight [C_out, C_in, kH, kW], bias [C_out] or
 * null, output [B, C_out, H, W]. Kernel sizes must be odd so that 'SAME' padding is symmetric.
 *
 * <p>Per batch item the output is one GEMM, Y (C_out × H·W) = W (C_out × C_in·kH·kW) · cols, where the
 * im2col matrix {@code cols} holds the input value under every tap (zero outside the image). It is built for
 * blocks of output positions to bound the scratch memory; 1×1 kernels use the input directly. Every output
 * element is therefore one FMA chain that starts at the bias and runs over (c_in, ky, kx) in that order, so
 * an item's result does not depend on the batch size, the block size or the thread count (numerics rule 1).
 * Threads split over (batch item, block) pairs, i.e. over independent outputs. The input gradient of a wider kernel
 * is such a convolution too (dY with the kernel flipped and its channels swapped), with the same contract.
 */
public final class Conv2d {
    /** Output positions per im2col block: bounds the scratch buffer and gives the threads independent tasks. */
    private static final int BLOCK = 1024;

    private Conv2d() {}

    public static Tensor apply(Tape tape, Tensor x, Tensor weight, Tensor bias) {
        return apply(tape, x, weight, bias, 1, 1);
    }

    public static Tensor apply(Tape tape, Tensor x, Tensor weight, Tensor bias, int dilationH, int dilationW) {
        Geometry g = Geometry.of(x, weight, bias, dilationH, dilationW);
        boolean grad = tape.records(x, weight, bias);
        Tensor y = Tensor.output(grad, g.batch, g.cOut, g.height, g.width);
        forward(g, x.data, weight.data, bias == null ? null : bias.data, y.data, false);
        if (grad) tape.record(y, () -> backward(g, x, weight, bias, y.grad()));
        return y;
    }

    /** y = conv(x, w) + bias, or with {@code accumulate} y += conv(x, w) (no bias). */
    private static void forward(Geometry g, float[] x, float[] w, float[] bias, float[] y, boolean accumulate) {
        int hw = g.positions();
        int k = g.taps();
        int blocks = g.blocks();
        // Inside the pool Gemm.gemm runs serially; with a single task it splits the rows of W over the threads.
        Parallel.forRange(g.batch * blocks, (lo, hi) -> {
            float[] cols = g.pointwise() ? null : new float[k * g.blockSize()];
            for (int t = lo; t < hi; t++) {
                int b = t / blocks;
                int p0 = (t % blocks) * BLOCK;
                int n = Math.min(BLOCK, hw - p0);
                int yOff = b * g.cOut * hw + p0;
                if (bias != null) {
                    for (int co = 0; co < g.cOut; co++) Arrays.fill(y, yOff + co * hw, yOff + co * hw + n, bias[co]);
                }
                if (g.pointwise()) {
                    Gemm.gemm(false, false, g.cOut, n, k, w, 0, k, x, b * g.cIn * hw + p0, hw, y, yOff, hw, accumulate || bias != null);
                } else {
                    g.gather(x, cols, b, p0, n, 0, g.cIn);
                    Gemm.gemm(false, false, g.cOut, n, k, w, 0, k, cols, 0, n, y, yOff, hw, accumulate || bias != null);
                }
            }
        });
    }

    private static void backward(Geometry g, Tensor x, Tensor weight, Tensor bias, float[] dy) {
        int hw = g.positions();
        int k = g.taps();
        if (bias != null && bias.requiresGrad()) {
            float[] db = bias.grad();
            Parallel.forRange(g.cOut, (lo, hi) -> {
                for (int co = lo; co < hi; co++) {
                    double s = 0;
                    for (int b = 0; b < g.batch; b++) {
                        int off = (b * g.cOut + co) * hw;
                        for (int p = 0; p < hw; p++) s += dy[off + p];
                    }
                    db[co] += (float) s;
                }
            });
        }
        boolean needW = weight.requiresGrad();
        boolean needX = x.requiresGrad();
        if (!needW && !needX) return;
        // dWᵀ (taps × C_out) accumulates in a transposed copy: dWᵀ += cols · dYᵀ packs the small dY block transposed where
        // dW += dY · colsᵀ transposed the whole im2col block for every item (as costly as the product). Each element
        // is still the FMA chain that starts at dW's value and runs over the items, blocks and positions in order.
        float[] dw = needW ? new float[k * g.cOut] : null;
        if (needW) transpose(weight.grad(), g.cOut, k, dw);
        float[] dx = needX ? x.grad() : null;
        float[] cols = g.pointwise() || !needW ? null : new float[k * g.blockSize()];
        // Sequential over items and blocks (dW sums over both); each GEMM splits over independent rows.
        int blocks = g.blocks();
        for (int t = 0; t < g.batch * blocks; t++) {
            int b = t / blocks;
            int p0 = (t % blocks) * BLOCK;
            int n = Math.min(BLOCK, hw - p0);
            int dyOff = b * g.cOut * hw + p0;
            int xOff = b * g.cIn * hw + p0;
            if (needW) { // dWᵀ += cols · dYᵀ
                if (g.pointwise()) {
                    Gemm.gemm(false, true, k, g.cOut, n, x.data, xOff, hw, dy, dyOff, hw, dw, 0, g.cOut, true);
                } else {
                    Parallel.forRange(g.cIn, (lo, hi) -> g.gather(x.data, cols, b, p0, n, lo, hi));
                    Gemm.gemm(false, true, k, g.cOut, n, cols, 0, n, dy, dyOff, hw, dw, 0, g.cOut, true);
                }
            }
            if (needX && g.pointwise()) Gemm.gemm(true, false, k, n, g.cOut, weight.data, 0, k, dy, dyOff, hw, dx, xOff, hw, true);
        }
        if (needW) transpose(dw, k, g.cOut, weight.grad());
        // dX of a wider kernel is itself a convolution: dY with the kernel flipped and its channels swapped. As Wᵀ·dY
        // (a product over only C_out, scattered back tap by tap) it ran as a thin product; this way its reduction runs
        // over C_out·kH·kW like the forward's.
        if (needX && !g.pointwise()) forward(g.adjoint(), dy, flippedTransposed(g, weight.data), null, dx, true);
    }

    /** W' [C_in, C_out, kH, kW] with W'[ci][co][ky][kx] = W[co][ci][kH−1−ky][kW−1−kx]. */
    private static float[] flippedTransposed(Geometry g, float[] w) {
        int taps = g.kH * g.kW;
        float[] flipped = new float[w.length];
        for (int co = 0; co < g.cOut; co++) {
            for (int ci = 0; ci < g.cIn; ci++) {
                int from = (co * g.cIn + ci) * taps, to = (ci * g.cOut + co) * taps;
                for (int t = 0; t < taps; t++) flipped[to + t] = w[from + taps - 1 - t];
            }
        }
        return flipped;
    }

    /** dst (cols × rows) = the rows × cols matrix src transposed. */
    private static void transpose(float[] src, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
        }
    }

    /** Validated sizes of one convolution. */
    private record Geometry(int batch, int cIn, int cOut, int height, int width, int kH, int kW, int dH, int dW) {
        static Geometry of(Tensor x, Tensor w, Tensor bias, int dH, int dW) {
            if (x.rank() != 4) throw new IllegalArgumentException("conv: input must be [B, C_in, H, W], got " + x);
            if (w.rank() != 4) throw new IllegalArgumentException("conv: weight must be [C_out, C_in, kH, kW], got " + w);
            if (w.dim(1) != x.dim(1)) {
                throw new IllegalArgumentException("conv: weight " + w + " expects " + w.dim(1) + " input channels, input " + x + " has " + x.dim(1));
            }
            if (w.dim(2) % 2 == 0 || w.dim(3) % 2 == 0) {
                throw new IllegalArgumentException("conv: 'same' padding needs odd kernel sizes, got weight " + w);
            }
            if (dH < 1 || dW < 1) throw new IllegalArgumentException("conv: dilation must be >= 1, got " + dH + "x" + dW);
            if (bias != null && (bias.rank() != 1 || bias.dim(0) != w.dim(0))) {
                throw new IllegalArgumentException("conv: bias must be [" + w.dim(0) + "], got " + bias);
            }
            return new Geometry(x.dim(0), x.dim(1), w.dim(0), x.dim(2), x.dim(3), w.dim(2), w.dim(3), dH, dW);
        }

        int positions() {
            return height * width;
        }

        /** The convolution that carries dY back to dX: C_out channels in, C_in out, the same kernel size and dilation. */
        Geometry adjoint() {
            return new Geometry(batch, cOut, cIn, height, width, kH, kW, dH, dW);
        }

        /** Length of the reduction: one weight per (c_in, ky, kx). */
        int taps() {
            return cIn * kH * kW;
        }

        int blocks() {
            return (positions() + BLOCK - 1) / BLOCK;
        }

        int blockSize() {
            return Math.min(BLOCK, positions());
        }

        boolean pointwise() {
            return kH == 1 && kW == 1;
        }

        /**
         * Fills the im2col block of {@code n} positions from {@code p0} of image {@code b}, for input channels
         * [ciFrom, ciTo): cols[(ci,ky,kx)][j] = the image value under that tap, or 0 in the padding.
         */
        void gather(float[] image, float[] cols, int b, int p0, int n, int ciFrom, int ciTo) {
            int hw = positions();
            for (int ci = ciFrom; ci < ciTo; ci++) {
                int imageBase = (b * cIn + ci) * hw;
                for (int ky = 0; ky < kH; ky++) {
                    int offY = (ky - kH / 2) * dH;
                    for (int kx = 0; kx < kW; kx++) {
                        int offX = (kx - kW / 2) * dW;
                        int rowBase = ((ci * kH + ky) * kW + kx) * n - p0;
                        // Walk the block one image row at a time; within a row the valid taps are one contiguous run.
                        for (int p = p0, end = p0 + n; p < end; ) {
                            int oy = p / width;
                            int xStart = p % width;
                            int xEnd = Math.min(width, xStart + (end - p));
                            int sy = oy + offY;
                            int lo = xStart;
                            int hi = xStart;
                            if (sy >= 0 && sy < height) {
                                lo = Math.clamp(-offX, xStart, xEnd);
                                hi = Math.clamp(width - offX, lo, xEnd);
                            }
                            int dst = rowBase + p - xStart; // cols index of column x = dst + x
                            int src = imageBase + sy * width + offX; // image index of column x = src + x
                            Arrays.fill(cols, dst + xStart, dst + lo, 0f);
                            if (hi > lo) System.arraycopy(image, src + lo, cols, dst + lo, hi - lo);
                            Arrays.fill(cols, dst + hi, dst + xEnd, 0f);
                            p += xEnd - xStart;
                        }
                    }
                }
            }
        }
    }
}
