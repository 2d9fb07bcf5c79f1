package io.ardm.tensor.op;

import static io.ardm.tensor.GradCheck.check;
import static io.ardm.tensor.GradCheck.randomize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GroupNormTest {
    /** Textbook group norm in double precision, one (item, group) at a time. */
    static double[] reference(Tensor x, int groups, Tensor scale, Tensor bias, double eps) {
        int batch = x.dim(0), channels = x.dim(1), spatial = x.size() / (batch * channels);
        int perGroup = channels / groups;
        double[] y = new double[x.size()];
        for (int b = 0; b < batch; b++)
            for (int g = 0; g < groups; g++) {
                double sum = 0, sumSq = 0;
                int n = perGroup * spatial;
                for (int c = g * perGroup; c < (g + 1) * perGroup; c++)
                    for (int s = 0; s < spatial; s++) sum += x.data[(b * channels + c) * spatial + s];
                double mean = sum / n;
                for (int c = g * perGroup; c < (g + 1) * perGroup; c++)
                    for (int s = 0; s < spatial; s++) sumSq += Math.pow(x.data[(b * channels + c) * spatial + s] - mean, 2);
                double std = Math.sqrt(sumSq / n + eps);
                for (int c = g * perGroup; c < (g + 1) * perGroup; c++)
                    for (int s = 0; s < spatial; s++) {
                        int i = (b * channels + c) * spatial + s;
                        y[i] = (x.data[i] - mean) / std * (scale == null ? 1 : scale.data[c]) + (bias == null ? 0 : bias.data[c]);
                    }
            }
        return y;
    }

    private static void assertClose(double[] expected, float[] actual, double tol) {
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], tol, "element " + i);
    }

    @Test
    void matchesTheDoublePrecisionDefinitionForAnySpatialRank() {
        int[][] shapes = {{2, 6, 3, 4}, {2, 4, 7}, {3, 8}, {1, 64, 4, 4}};
        int[] groups = {3, 2, 4, 32};
        for (int t = 0; t < shapes.length; t++) {
            // A large offset makes a one-pass E[x²] − E[x]² variance lose digits; two passes must not.
            Tensor x = randomize(Tensor.zeros(shapes[t]), 10 + t, 2f);
            for (int i = 0; i < x.size(); i++) x.data[i] += 300f;
            Tensor scale = randomize(Tensor.zeros(shapes[t][1]), 20 + t, 1.5f);
            Tensor bias = randomize(Tensor.zeros(shapes[t][1]), 30 + t, 1f);
            Tensor y = GroupNorm.apply(Tape.inference(), x, groups[t], scale, bias);
            assertArrayEquals(x.shape(), y.shape());
            assertClose(reference(x, groups[t], scale, bias, 1e-6), y.data, 2e-5);
        }
    }

    @Test
    void withoutAffineParametersEachGroupHasZeroMeanAndUnitVariance() {
        Tensor x = randomize(Tensor.zeros(2, 4, 5, 5), 1, 3f);
        Tensor y = GroupNorm.apply(Tape.inference(), x, 2, null, null, 1e-6f);
        assertClose(reference(x, 2, null, null, 1e-6), y.data, 1e-5);
        for (int bg = 0; bg < 4; bg++) {
            double sum = 0, sumSq = 0;
            for (int i = bg * 50; i < (bg + 1) * 50; i++) {
                sum += y.data[i];
                sumSq += y.data[i] * y.data[i];
            }
            assertEquals(0, sum / 50, 1e-6);
            assertEquals(1, sumSq / 50, 1e-4);
        }
    }

    @Test
    void epsilonGuardsAConstantGroup() {
        Tensor x = Tensor.of(new float[] {2, 2, 2, 2}, 1, 2, 2);
        Tensor y = GroupNorm.apply(Tape.inference(), x, 1, null, Tensor.of(new float[] {0.5f, -1f}, 2));
        assertArrayEquals(new float[] {0.5f, 0.5f, -1f, -1f}, y.data);
    }

    @Test
    void anItemGivesTheSameBitsAloneOrInsideABatch() {
        Tensor x = randomize(Tensor.zeros(3, 8, 6, 6), 2, 1f);
        Tensor scale = randomize(Tensor.zeros(8), 3, 1f);
        Tensor bias = randomize(Tensor.zeros(8), 4, 1f);
        float[] batched = GroupNorm.apply(Tape.inference(), x, 4, scale, bias).data;
        int n = 8 * 36;
        for (int b = 0; b < 3; b++) {
            Tensor item = Tensor.of(Arrays.copyOfRange(x.data, b * n, (b + 1) * n), 1, 8, 6, 6);
            assertArrayEquals(Arrays.copyOfRange(batched, b * n, (b + 1) * n), GroupNorm.apply(Tape.inference(), item, 4, scale, bias).data);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor x = randomize(Tensor.parameter(2, 4, 3, 3), 5, 1f);
        Tensor scale = randomize(Tensor.parameter(4), 6, 1.5f);
        Tensor bias = randomize(Tensor.parameter(4), 7, 1f);
        check("group norm", tape -> GroupNorm.apply(tape, x, 2, scale, bias), x, scale, bias);
    }

    @Test
    void gradientWithoutAffineParametersAndNoSpatialAxes() {
        Tensor x = randomize(Tensor.parameter(3, 12), 8, 1f);
        check("group norm plain", tape -> GroupNorm.apply(tape, x, 3, null, null), x);
    }

    @Test
    void badArgumentsAreRejected() {
        Tape tape = Tape.inference();
        Tensor x = Tensor.zeros(1, 6, 4);
        assertThrows(IllegalArgumentException.class, () -> GroupNorm.apply(tape, x, 4, null, null));
        assertThrows(IllegalArgumentException.class, () -> GroupNorm.apply(tape, x, 3, Tensor.zeros(5), null));
        assertThrows(IllegalArgumentException.class, () -> GroupNorm.apply(tape, Tensor.zeros(6), 3, null, null));
        assertThrows(IllegalArgumentException.class, () -> GroupNorm.apply(tape, x, 3, null, null, 0f));
    }
}
