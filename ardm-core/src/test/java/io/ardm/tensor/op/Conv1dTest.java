package io.ardm.tensor.op;

import static io.ardm.tensor.GradCheck.check;
import static io.ardm.tensor.GradCheck.randomize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Conv1dTest {
    @Test
    void dilatedKernelOnAHandWorkedSignal() {
        // y[l] = 1·x[l−d] + 10·x[l] + 100·x[l+d] + bias, zero outside [0, 5).
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5}, 1, 1, 5);
        Tensor w = Tensor.of(new float[] {1, 10, 100}, 1, 1, 3);
        Tensor bias = Tensor.of(new float[] {0.25f}, 1);
        assertArrayEquals(new float[] {210.25f, 321.25f, 432.25f, 543.25f, 54.25f}, Conv1d.apply(Tape.inference(), x, w, bias, 1).data);
        assertArrayEquals(new float[] {310.25f, 420.25f, 531.25f, 42.25f, 53.25f}, Conv1d.apply(Tape.inference(), x, w, bias, 2).data);
    }

    @ParameterizedTest(name = "k{0} dilation{1}")
    @CsvSource({"3, 1", "3, 4", "5, 2", "1, 1", "3, 2048"})
    void matchesDirectLoopsBitForBit(int k, int dilation) {
        int batch = 2, cIn = 3, cOut = 4, length = 2500; // three im2col blocks
        Tensor x = randomize(Tensor.zeros(batch, cIn, length), 1, 1f);
        Tensor w = randomize(Tensor.zeros(cOut, cIn, k), 2, 1f);
        Tensor bias = randomize(Tensor.zeros(cOut), 3, 1f);
        float[] expected = new float[batch * cOut * length];
        for (int b = 0; b < batch; b++)
            for (int co = 0; co < cOut; co++)
                for (int l = 0; l < length; l++) {
                    float acc = bias.data[co];
                    for (int ci = 0; ci < cIn; ci++)
                        for (int t = 0; t < k; t++) {
                            int s = l + (t - k / 2) * dilation;
                            float v = s >= 0 && s < length ? x.data[(b * cIn + ci) * length + s] : 0f;
                            acc = Math.fma(w.data[(co * cIn + ci) * k + t], v, acc);
                        }
                    expected[(b * cOut + co) * length + l] = acc;
                }
        Tensor y = Conv1d.apply(Tape.inference(), x, w, bias, dilation);
        assertArrayEquals(new int[] {batch, cOut, length}, y.shape());
        assertArrayEquals(expected, y.data);
    }

    @ParameterizedTest(name = "dilation {0}")
    @CsvSource({"1", "3"})
    void gradientsMatchFiniteDifferences(int dilation) {
        Tensor x = randomize(Tensor.parameter(2, 3, 11), 4, 1f);
        Tensor w = randomize(Tensor.parameter(2, 3, 3), 5, 1f);
        Tensor bias = randomize(Tensor.parameter(2), 6, 1f);
        check("conv1d", tape -> Conv1d.apply(tape, x, w, bias, dilation), x, w, bias);
    }

    @Test
    void badShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Conv1d.apply(Tape.inference(), Tensor.zeros(1, 2, 3, 3), Tensor.zeros(1, 2, 3), null));
        assertThrows(IllegalArgumentException.class, () -> Conv1d.apply(Tape.inference(), Tensor.zeros(1, 2, 8), Tensor.zeros(1, 2, 4), null));
    }
}
