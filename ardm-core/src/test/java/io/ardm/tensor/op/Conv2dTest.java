package io.ardm.tensor.op;

import static io.ardm.tensor.GradCheck.check;
import static io.ardm.tensor.GradCheck.randomize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Conv2dTest {
    /**
     * Direct loops with the documented order: bias first, then one FMA per (c_in, ky, kx), padding taps
     * included as zeros. The im2col + GEMM result must match it bit for bit.
     */
    static float[] naive(Tensor x, Tensor w, Tensor bias, int dh, int dw) {
        int batch = x.dim(0), cIn = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int cOut = w.dim(0), kh = w.dim(2), kw = w.dim(3);
        float[] y = new float[batch * cOut * h * wd];
        for (int b = 0; b < batch; b++)
            for (int co = 0; co < cOut; co++)
                for (int oy = 0; oy < h; oy++)
                    for (int ox = 0; ox < wd; ox++) {
                        float acc = bias == null ? 0f : bias.data[co];
                        for (int ci = 0; ci < cIn; ci++)
                            for (int ky = 0; ky < kh; ky++)
                                for (int kx = 0; kx < kw; kx++) {
                                    int sy = oy + (ky - kh / 2) * dh;
                                    int sx = ox + (kx - kw / 2) * dw;
                                    boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < wd;
                                    float v = inside ? x.data[((b * cIn + ci) * h + sy) * wd + sx] : 0f;
                                    acc = Math.fma(w.data[((co * cIn + ci) * kh + ky) * kw + kx], v, acc);
                                }
                        y[((b * cOut + co) * h + oy) * wd + ox] = acc;
                    }
        return y;
    }

    @ParameterizedTest(name = "B{0} Cin{1} Cout{2} {3}x{4} k{5}x{6} dil{7}x{8} bias={9}")
    @CsvSource({
        "2, 3, 4, 5, 6, 3, 3, 1, 1, true",
        "2, 3, 4, 5, 6, 1, 1, 1, 1, true",
        "1, 2, 3, 7, 9, 3, 5, 2, 1, false",
        "2, 2, 3, 40, 40, 3, 3, 1, 3, true", // 1600 positions: several im2col blocks, one crossing an image row
        "3, 5, 2, 33, 35, 1, 1, 1, 1, false" // pointwise, several blocks
    })
    void forwardMatchesDirectLoopsBitForBit(int batch, int cIn, int cOut, int h, int w, int kh, int kw, int dh, int dw, boolean withBias) {
        Tensor x = randomize(Tensor.zeros(batch, cIn, h, w), 1, 2f);
        Tensor wt = randomize(Tensor.zeros(cOut, cIn, kh, kw), 2, 1f);
        Tensor bias = withBias ? randomize(Tensor.zeros(cOut), 3, 1f) : null;
        Tensor y = Conv2d.apply(Tape.inference(), x, wt, bias, dh, dw);
        assertArrayEquals(new int[] {batch, cOut, h, w}, y.shape());
        assertArrayEquals(naive(x, wt, bias, dh, dw), y.data);
    }

    @Test
    void threeByThreeKernelOnAHandWorkedImage() {
        // 3x3 image 1..9, kernel with a single 1 at the top-left tap: out[y][x] = in[y-1][x-1] (0 outside).
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = Tensor.of(new float[] {1, 0, 0, 0, 0, 0, 0, 0, 0}, 1, 1, 3, 3);
        Tensor y = Conv2d.apply(Tape.inference(), x, w, Tensor.of(new float[] {0.5f}, 1));
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f, 1.5f, 2.5f, 0.5f, 4.5f, 5.5f}, y.data);
    }

    @Test
    void anItemGivesTheSameBitsAloneOrInsideABatchOnAnyThreadCount() {
        int threads = Parallel.threads();
        try {
            Tensor x = randomize(Tensor.zeros(3, 4, 36, 30), 4, 1f); // 1080 positions: two blocks
            Tensor w = randomize(Tensor.zeros(6, 4, 3, 3), 5, 1f);
            Tensor bias = randomize(Tensor.zeros(6), 6, 1f);
            Parallel.setThreads(3);
            float[] batched = Conv2d.apply(Tape.inference(), x, w, bias).data;
            int in = 4 * 36 * 30;
            int out = 6 * 36 * 30;
            for (int threadCount : new int[] {1, 2}) {
                Parallel.setThreads(threadCount);
                for (int b = 0; b < 3; b++) {
                    Tensor item = Tensor.of(Arrays.copyOfRange(x.data, b * in, (b + 1) * in), 1, 4, 36, 30);
                    float[] alone = Conv2d.apply(Tape.inference(), item, w, bias).data;
                    assertArrayEquals(Arrays.copyOfRange(batched, b * out, (b + 1) * out), alone, "item " + b + ", " + threadCount + " threads");
                }
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @ParameterizedTest(name = "k{0}x{1} dil{2}x{3} bias={4}")
    @CsvSource({"3, 3, 1, 1, true", "1, 1, 1, 1, true", "3, 5, 2, 1, false", "5, 3, 1, 2, true"})
    void gradientsMatchFiniteDifferences(int kh, int kw, int dh, int dw, boolean withBias) {
        Tensor x = randomize(Tensor.parameter(2, 3, 5, 6), 7, 1f);
        Tensor w = randomize(Tensor.parameter(4, 3, kh, kw), 8, 1f);
        Tensor bias = withBias ? randomize(Tensor.parameter(4), 9, 1f) : null;
        Tensor[] inputs = withBias ? new Tensor[] {x, w, bias} : new Tensor[] {x, w};
        check("conv2d", tape -> Conv2d.apply(tape, x, w, bias, dh, dw), inputs);
    }

    @Test
    void gradientsAcrossSeveralBlocks() {
        Tensor x = randomize(Tensor.parameter(2, 2, 33, 33), 10, 1f); // 1089 positions
        Tensor w = randomize(Tensor.parameter(2, 2, 3, 3), 11, 1f);
        Tensor bias = randomize(Tensor.parameter(2), 12, 1f);
        check("conv2d multi-block", tape -> Conv2d.apply(tape, x, w, bias), x, w, bias);
    }

    @Test
    void onlyTheInputsThatNeedGradientsGetThem() {
        Tensor x = randomize(Tensor.zeros(1, 2, 4, 4), 13, 1f);
        Tensor w = randomize(Tensor.parameter(3, 2, 3, 3), 14, 1f);
        Tensor bias = randomize(Tensor.zeros(3), 15, 1f);
        check("conv2d weight only", tape -> Conv2d.apply(tape, x, w, bias), w);
        assertTrue(!x.hasGrad() && !bias.hasGrad());
    }

    @Test
    void gradientsDoNotDependOnTheThreadCount() {
        int threads = Parallel.threads();
        try {
            float[][] first = null;
            for (int threadCount : new int[] {1, 3}) {
                Parallel.setThreads(threadCount);
                Tensor x = randomize(Tensor.parameter(2, 3, 33, 32), 16, 1f);
                Tensor w = randomize(Tensor.parameter(5, 3, 3, 3), 17, 1f);
                Tensor bias = randomize(Tensor.parameter(5), 18, 1f);
                Tape tape = Tape.recordingEval();
                Tensor y = Conv2d.apply(tape, x, w, bias);
                tape.backward(y, randomize(Tensor.zeros(y.shape()), 19, 1f).data);
                float[][] grads = {x.grad(), w.grad(), bias.grad()};
                if (first == null) {
                    first = grads;
                } else {
                    for (int i = 0; i < 3; i++) assertArrayEquals(first[i], grads[i], "gradient " + i);
                }
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void badShapesAreRejected() {
        Tape tape = Tape.inference();
        Tensor x = Tensor.zeros(1, 2, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> Conv2d.apply(tape, x, Tensor.zeros(3, 2, 2, 3), null));
        assertThrows(IllegalArgumentException.class, () -> Conv2d.apply(tape, x, Tensor.zeros(3, 5, 3, 3), null));
        assertThrows(IllegalArgumentException.class, () -> Conv2d.apply(tape, x, Tensor.zeros(3, 2, 3, 3), Tensor.zeros(2)));
        assertThrows(IllegalArgumentException.class, () -> Conv2d.apply(tape, Tensor.zeros(2, 4, 4), Tensor.zeros(3, 2, 3, 3), null));
        assertThrows(IllegalArgumentException.class, () -> Conv2d.apply(tape, x, Tensor.zeros(3, 2, 3, 3), null, 0, 1));
    }
}
