package io.ardm.tensor.op;

import static io.ardm.tensor.GradCheck.check;
import static io.ardm.tensor.GradCheck.randomize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ardm.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ActivationTest {
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"GELU", "SILU", "TANH", "SIGMOID"})
    void gradientMatchesFiniteDifferences(Activation act) {
        Tensor x = randomize(Tensor.parameter(3, 7), 1, 3f);
        check(act.name(), tape -> act.apply(tape, x), x);
    }

    @Test
    void reluGradientAwayFromTheKink() {
        Tensor x = randomize(Tensor.parameter(4, 5), 2, 3f);
        for (int i = 0; i < x.size(); i++) if (Math.abs(x.data[i]) < 0.05f) x.data[i] = 0.5f;
        check("RELU", tape -> Activation.RELU.apply(tape, x), x);
    }

    @Test
    void valuesMatchTheTextbookFormulas() {
        float[] xs = {-6f, -1.5f, -0.1f, 0f, 0.3f, 2f, 7f};
        for (float x : xs) {
            assertEquals(Math.tanh(x), Activation.TANH.at(x), 2e-6, "tanh " + x);
            assertEquals(1 / (1 + Math.exp(-x)), Activation.SIGMOID.at(x), 2e-6, "sigmoid " + x);
            assertEquals(x / (1 + Math.exp(-x)), Activation.SILU.at(x), 2e-5, "silu " + x);
            double gelu = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            assertEquals(gelu, Activation.GELU.at(x), 2e-5, "gelu " + x);
        }
    }
}
